"""Bad input: every malformed field is an error naming the path, the value and the expectation."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from subsidycalc import catalog
from subsidycalc.inputs import InputError, load_applications
from subsidycalc.models import MAX_COUNT, MAX_NAME, Application, Facts, application_json_schema
from subsidycalc.money import MAX_TEXT
from subsidycalc.registry import directions, document, programmes
from tests.factories import PARTNER_CODE, invoice, passing
from tests.snapshot import example_dicts


def errors_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_applications(data)
    return [str(e) for e in caught.value.errors]


def only_error(data: dict[str, Any]) -> str:
    errors = errors_of(data)
    assert len(errors) == 1, errors
    return errors[0]


class TestBadInput:
    def test_an_impossible_invoice_date(self) -> None:
        data = passing("direction_1")
        data["invoices"][0]["issued_on"] = "2023-02-30"
        error = only_error(data)
        assert error.startswith("invoices[0].issued_on: impossible date '2023-02-30'")

    def test_an_unparseable_date(self) -> None:
        data = passing("direction_1")
        data["invoices"][1]["issued_on"] = "last spring"
        assert "invoices[1].issued_on: invalid date 'last spring'" in only_error(data)

    def test_a_negative_amount_is_a_credit_note_and_refused(self) -> None:
        data = passing("direction_1")
        data["invoices"][0]["amount_excl_tax"] = "-100"
        error = only_error(data)
        assert error.startswith("invoices[0].amount_excl_tax:")
        assert "红字发票" in error

    def test_a_float_that_is_not_exact_to_the_fen(self) -> None:
        data = passing("direction_1")
        data["invoices"][0]["amount_excl_tax"] = 1000.005
        error = only_error(data)
        assert "invoices[0].amount_excl_tax" in error
        assert "1000.005" in error
        assert "分" in error

    def test_an_unknown_category(self) -> None:
        data = passing("direction_1")
        data["invoices"][0]["category"] = "furniture"
        error = only_error(data)
        assert error.startswith("invoices[0].category:")
        assert "'furniture'" in error
        assert "device_5g" in error

    def test_an_unknown_direction(self) -> None:
        data = passing("direction_1")
        data["direction"] = "direction_7"
        assert only_error(data).startswith("direction: unknown direction 'direction_7' of doumen-2023")

    def test_an_unknown_programme(self) -> None:
        data = passing("direction_1")
        data["programme"] = "doumen-2099"
        assert errors_of(data)[0].startswith("programme: unknown programme 'doumen-2099'")

    def test_duplicate_invoice_numbers(self) -> None:
        data = passing("direction_1")
        data["invoices"].append(invoice("F1-1", "2023-07-01", "1万", "software"))
        assert "duplicate number F1-1" in only_error(data)

    def test_joint_shares_over_100_percent(self) -> None:
        data = passing("direction_2")
        data["partners"][0]["agreement_share"] = "100.01%"
        assert "agreement_share" in only_error(data)

    def test_an_invalid_credit_code(self) -> None:
        data = passing("direction_1")
        data["enterprise"]["credit_code"] = "91440403AY4CL12TH4"
        error = only_error(data)
        assert error.startswith("enterprise.credit_code:")
        assert "check character" in error

    def test_a_timestamp_with_no_date(self) -> None:
        data = passing("direction_1")
        data["submission"]["online_at"] = "18:00"
        assert only_error(data).startswith("submission.online_at: invalid timestamp '18:00'")

    def test_a_timestamp_with_no_time(self) -> None:
        data = passing("direction_1")
        data["submission"]["online_at"] = "2024-04-15"
        assert "a date with no time" in only_error(data)

    def test_an_unknown_field_is_not_silently_dropped(self) -> None:
        data = passing("direction_1")
        data["invoices"][0]["amount_incl_tax"] = "100"
        assert only_error(data).startswith("invoices[0].amount_incl_tax: Extra inputs are not permitted")

    def test_tax_that_does_not_add_up(self) -> None:
        data = passing("direction_1")
        data["invoices"][0].update(tax="26万", total_incl_tax="226.01万")
        assert "不含税金额 + 税额 = 价税合计" in only_error(data)

    def test_an_invoice_billing_an_unknown_contract(self) -> None:
        data = passing("direction_6_pcb_workshop")
        data["invoices"][0]["contract"] = "HT-404"
        assert "HT-404" in only_error(data)

    def test_a_payer_who_is_not_a_partner(self) -> None:
        data = passing("direction_1")
        data["invoices"][0]["payer"] = PARTNER_CODE
        assert "payer" in only_error(data)

    def test_a_ratio_over_100_percent_where_a_share_is_expected(self) -> None:
        data = passing("direction_5")
        data["facts"]["coverage_5g"] = "101%"
        assert only_error(data).startswith("facts.coverage_5g:")

    def test_several_problems_are_all_reported(self) -> None:
        data = passing("direction_1")
        data["invoices"][0]["issued_on"] = "2023-02-30"
        data["invoices"][1]["category"] = "furniture"
        data["enterprise"]["credit_code"] = "123"
        assert len(errors_of(data)) == 3

    def test_duplicate_application_ids_in_a_list(self) -> None:
        with pytest.raises(InputError, match="duplicate application id"):
            load_applications([passing("direction_1"), passing("direction_1")])


class TestGoodInput:
    def test_tax_that_adds_up_is_accepted(self) -> None:
        data = passing("direction_1")
        data["invoices"][0].update(tax="26万", total_incl_tax="226万")
        assert load_applications(data)[0].invoices[0].total_incl_tax is not None

    def test_an_application_round_trips_through_json_exactly(self) -> None:
        from subsidycalc.models import Application

        app = load_applications(passing("direction_2"))[0]
        assert Application.model_validate_json(app.model_dump_json()) == app


class TestFactsOfTheProgramme:
    """Policies own their facts: an application declares only what its programme's rules read."""

    def test_a_fact_of_another_document_is_refused_naming_it_and_the_known_ones(self) -> None:
        data = example_dicts()[0]  # 斗门 方向一
        data = {**data, "facts": {**data["facts"], "pilot_certified": True}}  # a 韶关 / 广东 fact
        with pytest.raises(ValidationError) as caught:
            Application.model_validate(data)
        message = str(caught.value)
        assert "pilot_certified: not a fact of doumen-2023" in message
        assert "expected one of cnc_networking_rate" in message
        assert "quantifiable_benefits" in message

    def test_each_programme_declares_what_its_rules_read(self) -> None:
        assert "quantifiable_benefits" in catalog.fact_names("doumen-2023")
        assert "pilot_certified" not in catalog.fact_names("doumen-2023")
        assert {"pilot_certified", "final_evaluation_passed", "certified_on", "indicators"} <= catalog.fact_names("guangdong-2022")
        assert "benchmark_platform" in catalog.fact_names("zhongshan-2025")  # an upgrade flag, not a condition

    @pytest.mark.parametrize("programme", programmes())
    def test_the_schema_of_a_programme_has_exactly_its_facts_and_directions(self, programme: str) -> None:
        schema = application_json_schema(programme)
        assert set(schema["$defs"]["Facts"]["properties"]) == catalog.fact_names(programme)
        assert schema["properties"]["direction"]["enum"] == list(directions(programme))
        validator = jsonschema.Draft202012Validator(schema)
        for example in example_dicts():
            if example.get("programme", "doumen-2023") == programme:
                validator.validate({"programme": programme, **example})
        foreign = sorted(set(Facts.model_fields) - catalog.fact_names(programme))[0]
        one = next(e for e in example_dicts() if e.get("programme", "doumen-2023") == programme)
        with pytest.raises(jsonschema.ValidationError):
            validator.validate({**one, "programme": programme, "facts": {foreign: 1}})

    @pytest.mark.parametrize("programme", programmes())
    def test_every_fact_a_programme_reads_is_declared_with_its_kind_label_and_clause(self, programme: str) -> None:
        from subsidycalc.registry import facts_of

        found = facts_of(programme)
        assert {f.name for f in found} == catalog.fact_names(programme)
        for fact in found:
            assert fact.kind in {"count", "ratio", "yes_no", "date", "indicators", "set"}
            assert fact.label
            assert fact.citation is not None, f"{programme}: {fact.name} is read by no cited part"
            assert fact.citation.quote in document(programme).text()
            assert fact.rules


def test_an_application_dumps_the_same_json_under_every_hash_seed() -> None:
    """Sets (clusters, certifications, documents) dump sorted: before, 10 seeds gave 10 dumps."""
    import subprocess
    import sys

    program = (
        "import hashlib; from subsidycalc.inputs import example_applications; "
        "print(hashlib.sha256(''.join(a.model_dump_json() for a in example_applications()).encode()).hexdigest())"
    )
    dumps = {
        subprocess.run(
            [sys.executable, "-c", program], env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(dumps) == 1


class TestHostileText:
    """Identity strings: no control or invisible character, and numbers compared as a person reads them."""

    def test_a_nul_in_a_district_is_refused_so_no_engine_can_read_it_as_the_district(self) -> None:
        data = example_dicts()[0]
        data["enterprise"]["registration"]["district"] = "斗门区\x00"  # NumPy strings drop a trailing NUL
        with pytest.raises(InputError, match=r"enterprise\.registration\.district: contains a control or invisible"):
            load_applications(data)

    @pytest.mark.parametrize("character", ["\x00", "\x1b", "\u200b", "\u202e", "\ufeff"])
    def test_invisible_characters_in_names_numbers_and_clusters_are_refused(self, character: str) -> None:
        for path in (("enterprise", "name"), ("invoices", 0, "supplier"), ("invoices", 0, "number")):
            data = example_dicts()[0]
            target = data
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = f"{target[path[-1]]}{character}"
            with pytest.raises(InputError, match="control or invisible character"):
                load_applications(data)

    def test_an_invoice_number_in_full_width_digits_is_the_same_invoice(self) -> None:
        """Before, a full-width copy passed the uniqueness check and was counted twice."""
        data = example_dicts()[0]
        first = data["invoices"][0]
        wide = first["number"].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        data["invoices"].append({**first, "number": wide})
        with pytest.raises(InputError, match="duplicate number"):
            load_applications(data)


class TestStatedRanges:
    """Finding 7: every number an application carries has a stated range, the same in both engines."""

    @pytest.mark.parametrize("count", [MAX_COUNT + 1, 2**63, -1])
    def test_a_count_outside_the_range_is_refused(self, count: int) -> None:
        """Before, a count of 2^63 validated and ``Population.from_applications`` raised an untyped
        NumPy error naming no field, failing the whole population."""
        data = example_dicts()[0]
        data.setdefault("facts", {})["quantifiable_benefits"] = count
        with pytest.raises(InputError, match=r"facts\.quantifiable_benefits"):
            load_applications(data)

    def test_the_largest_count_is_read_by_both_engines(self) -> None:
        from subsidycalc.batch import Population, evaluate
        from subsidycalc.registry import assess

        data = example_dicts()[0]
        data.setdefault("facts", {})["quantifiable_benefits"] = MAX_COUNT
        (app,) = load_applications(data)
        batch = evaluate(Population.from_applications([app]))
        scalar = assess(app)
        assert bool(batch.eligible[0]) == scalar.eligible
        assert batch.row(0)["award"] == scalar.award

    @pytest.mark.parametrize("amount", [10**12 + 1, "1000000000000.01", "100000001万", 1e13])
    def test_an_amount_beyond_10_to_the_12_yuan_is_refused(self, amount: object) -> None:
        data = example_dicts()[0]
        data["invoices"][0]["amount_excl_tax"] = amount
        with pytest.raises(InputError, match=r"invoices\[0\]\.amount_excl_tax: .*within ±1,000,000,000,000 元"):
            load_applications(data)

    def test_an_application_at_the_top_of_the_range_dumps_and_validates_back(self) -> None:
        data = example_dicts()[0]
        for item in data["invoices"]:
            item["amount_excl_tax"] = "1000000000000.00"
            item.pop("tax", None)
            item.pop("total_incl_tax", None)
        (app,) = load_applications(data)
        again = Application.model_validate_json(app.model_dump_json())
        assert again == app
        assert again.model_dump_json() == app.model_dump_json()


class TestTextLengths:
    def test_a_name_over_the_limit_is_refused_with_its_limit(self) -> None:
        data = example_dicts()[0]
        data["enterprise"]["name"] = "某" * (MAX_NAME + 1)
        with pytest.raises(InputError, match=rf"enterprise\.name: String should have at most {MAX_NAME} characters"):
            load_applications(data)

    def test_the_schema_states_every_text_limit(self) -> None:
        schema = application_json_schema()
        name = schema["$defs"]["Enterprise"]["properties"]["name"]
        assert name["maxLength"] == MAX_NAME
        amount = schema["$defs"]["Invoice"]["properties"]["amount_excl_tax"]["anyOf"][0]
        assert amount["maxLength"] == MAX_TEXT


def test_caches_stay_small_over_many_requests_with_long_valid_strings() -> None:
    """Finding 8: ``normalise_name`` and the ratio parser kept megabyte strings (200 requests: +150
    MB). Now no cache holds more than its bounded number of entries of bounded length: 10,000
    applications with distinct, maximal-length names and suppliers leave the caches bounded."""
    import tracemalloc

    from subsidycalc.models import _normalised
    from subsidycalc.money import _parse_ratio_text
    from subsidycalc.registry import assess

    base = example_dicts()[0]

    def one(i: int) -> None:
        data = copy.deepcopy(base)
        data["enterprise"]["name"] = f"{i:08d}" + "某" * (MAX_NAME - 8)
        for item in data["invoices"]:
            item["supplier"] = f"{i:08d}" + "供" * (MAX_NAME - 8)
        data.setdefault("facts", {})["digital_device_share"] = f"{i % 100}.{i:07d}%"[:MAX_TEXT]
        (app,) = load_applications(data)
        assess(app)

    for i in range(2_000):  # fill every cache
        one(i)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for i in range(2_000, 10_000):
        one(i)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert _normalised.cache_info().currsize <= 8192
    assert _parse_ratio_text.cache_info().currsize <= 1024
    assert grown < 8 * 2**20, f"memory grew by {grown / 2**20:.1f} MiB over 8,000 requests"


def test_the_guangdong_cities_are_the_two_region_classes_of_guangdong_2022() -> None:
    """One list of 广东's 21 cities (models), partitioned by 广东2022's 珠三角 / 粤东西北 classes."""
    from subsidycalc.models import GUANGDONG_CITIES
    from subsidycalc.policies.guangdong_2022_cluster_pilot import REGION_CLASSES

    assert set(REGION_CLASSES.cities.value) == GUANGDONG_CITIES


def test_a_place_is_read_the_way_a_person_reads_it() -> None:
    """斗门 / 斗门区 / 珠海市斗门区 are one district; a town is not its district; 东区 keeps its suffix."""
    from subsidycalc.models import place_key

    assert place_key("珠海市", "斗门区") == place_key("珠海", "斗门") == place_key("珠海市", "珠海市斗门区")
    assert place_key("珠海市", "珠海斗门区") == place_key("珠海市", "斗门区")
    assert place_key("珠海市", "斗门镇") != place_key("珠海市", "斗门区")
    assert place_key("中山市", "东区") != place_key("中山市", "东")
    assert place_key("珠海市", None) == place_key("珠海", "")
