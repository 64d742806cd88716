"""The HTTP service (``subsidycalc.service``), run as a real ``subsidycalc serve`` process on
127.0.0.1 and called with httpx: the same JSON as the Python API, structured errors, limits, auth."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from subsidycalc.allocation import allocate
from subsidycalc.inputs import example_applications, example_ledger
from subsidycalc.registry import assess
from subsidycalc.screener import example_profiles, screen
from subsidycalc.service import create_app, registry_digest, running

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running("--max-body", "200000") as url:
        yield url


@pytest.fixture(scope="module")
def guarded() -> Iterator[str]:
    with running("--token-env", "SUBSIDYCALC_TEST_TOKEN", env={"SUBSIDYCALC_TEST_TOKEN": TOKEN}) as url:
        yield url


def _dump(application: Any) -> dict[str, Any]:
    return dict(application.model_dump(mode="json"))


def test_assess_over_http_gives_the_python_result(server: str) -> None:
    apps = example_applications()[:5]
    ledger = example_ledger()
    reply = httpx.post(
        f"{server}/assess",
        json={"applications": [_dump(a) for a in apps], "ledger": ledger.model_dump(mode="json"), "explain": ["zh", "en"]},
        timeout=30,
    )
    assert reply.status_code == 200
    got = reply.json()["assessments"]
    for application, item in zip(apps, got, strict=True):
        local = assess(application, ledger)
        assert {k: v for k, v in item.items() if not k.startswith("explanation_")} == json.loads(local.to_json())
        assert item["explanation_zh"] == local.explain("zh")
        assert item["explanation_en"] == local.explain("en")
    assert reply.headers["x-rules-digest"] == registry_digest()
    assert reply.headers["x-subsidycalc-version"]


def test_allocate_and_screen_over_http(server: str) -> None:
    apps = [a for a in example_applications() if a.programme == "doumen-2023"]
    body = {
        "applications": [_dump(a) for a in apps],
        "ledger": example_ledger().model_dump(mode="json"),
        "policy": {"budgets": [{"amount": "500万", "scope": "all"}]},
    }
    reply = httpx.post(f"{server}/allocate", json=body, timeout=60)
    assert reply.status_code == 200
    from subsidycalc.allocation import AllocationPolicy

    local = allocate(apps, ledger=example_ledger(), policy=AllocationPolicy.model_validate(body["policy"]))
    assert reply.json() == json.loads(local.to_json())
    profile = example_profiles()[0]
    reply = httpx.post(
        f"{server}/screen", json={"profile": profile.model_dump(mode="json"), "as_of": "2024-03-01"}, timeout=60
    )
    assert reply.status_code == 200
    assert reply.json() == screen(profile, as_of=date(2024, 3, 1)).to_dict()


def test_bad_input_is_a_422_naming_each_field_and_never_a_traceback(server: str) -> None:
    data = _dump(example_applications()[0])
    data["enterprise"]["credit_code"] = "91440403AY4CL12TH4"  # wrong check character
    data["invoices"][0]["amount_excl_tax"] = "12..5万"
    reply = httpx.post(f"{server}/assess", json={"applications": [data]}, timeout=30)
    assert reply.status_code == 422
    errors = {e["path"]: e for e in reply.json()["errors"]}
    assert "applications.0.enterprise.credit_code" in errors
    assert "applications.0.invoices.0.amount_excl_tax" in errors
    assert errors["applications.0.invoices.0.amount_excl_tax"]["value"] == "'12..5万'"
    assert "Traceback" not in reply.text
    reply = httpx.post(f"{server}/assess", content=b"{not json", headers={"content-type": "application/json"})
    assert reply.status_code == 422
    assert reply.json()["errors"][0]["message"].startswith("not valid JSON at character")


def test_a_body_over_the_limit_is_a_413_also_when_chunked(server: str) -> None:
    big = b'{"applications": [' + b" " * 300_000 + b"]}"
    reply = httpx.post(f"{server}/assess", content=big, headers={"content-type": "application/json"}, timeout=30)
    assert reply.status_code == 413

    def chunks() -> Iterator[bytes]:
        yield b'{"applications": ['
        for _ in range(30):
            yield b" " * 10_000
        yield b"]}"

    reply = httpx.post(f"{server}/assess", content=chunks(), headers={"content-type": "application/json"}, timeout=30)
    assert reply.status_code == 413
    assert "expected at most 200000" in reply.json()["errors"][0]["message"]


def test_documents_rules_codes_and_schemas(server: str) -> None:
    documents = httpx.get(f"{server}/documents").json()
    assert [d["key"] for d in documents][:2] == ["doumen-2023", "shaoguan-2023"]
    rules = httpx.get(f"{server}/documents/doumen-2023/rules").json()
    direction_3 = next(d for d in rules["directions"] if d["key"] == "direction_3")
    cap = next(r for r in direction_3["rows"] if r["what"] == "最高奖补")
    assert cap["value"].startswith("150万元")
    assert cap["citation"]["quote"] == "最高150万元"
    codes = {c["code"] for c in httpx.get(f"{server}/codes").json()}
    assert {"BELOW_MIN_INVESTMENT", "PENDING"} <= codes
    assert httpx.get(f"{server}/schemas/application").json()["title"] == "Application"
    missing = httpx.get(f"{server}/documents/nope/rules")
    assert missing.status_code == 404
    assert "unknown programme" in missing.json()["errors"][0]["message"]


def test_openapi_has_the_bundled_examples(server: str) -> None:
    spec = httpx.get(f"{server}/openapi.json").json()
    body = spec["paths"]["/assess"]["post"]["requestBody"]["content"]["application/json"]
    example = body["examples"]["bundled"]["value"]
    assert example["applications"][0]["id"] == example_applications()[0].id
    assert {"/assess", "/allocate", "/screen", "/codes"} <= set(spec["paths"])


def test_a_token_guards_every_endpoint_but_health(guarded: str) -> None:
    assert httpx.get(f"{guarded}/health").status_code == 200
    assert httpx.get(f"{guarded}/documents").status_code == 401
    assert httpx.get(f"{guarded}/documents", headers={"Authorization": "Bearer wrong"}).status_code == 401
    reply = httpx.get(f"{guarded}/documents", headers={"Authorization": f"Bearer {TOKEN}"})
    assert reply.status_code == 200
    assert reply.headers["x-rules-digest"] == registry_digest()


def test_an_internal_error_is_a_500_without_a_traceback() -> None:
    app = create_app()

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret detail")

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get("/boom")

    reply = asyncio.run(call())
    assert reply.status_code == 500
    assert reply.json() == {"errors": [{"path": "(server)", "value": None, "message": "internal error (RuntimeError)"}]}
    assert "secret detail" not in reply.text


def test_a_workbook_filled_from_the_template_gives_the_same_json_on_the_command_line_and_over_http(
    server: str, tmp_path: Any
) -> None:
    """Issue 16's path for a new user: `template --xlsx`, fill it, `assess a.xlsx --xlsx out.xlsx`,
    then POST the same application to `subsidycalc serve`: the same JSON."""
    import io

    from subsidycalc.cli import main
    from subsidycalc.ledger import Ledger
    from subsidycalc.spreadsheets import read_workbook
    from tests.test_spreadsheets import fill

    template, filled, results = tmp_path / "t.xlsx", tmp_path / "a.xlsx", tmp_path / "out.xlsx"
    assert main(["template", "doumen-2023/direction_1", "--xlsx", str(template)], io.StringIO()) == 0
    fill(template, [a for a in example_applications() if a.id in ("DM23-D1-01", "DM23-D1-03")], filled)
    out = io.StringIO()
    assert main(["assess", str(filled), "--json", "--empty-ledger", "--xlsx", str(results)], out) == 0
    assert results.stat().st_size > 0
    body = {
        "applications": [a.model_dump(mode="json") for a in read_workbook(filled)],
        "ledger": Ledger.empty().model_dump(mode="json"),
    }
    reply = httpx.post(f"{server}/assess", json=body, timeout=30)
    assert reply.status_code == 200
    assert reply.json()["assessments"] == json.loads(out.getvalue())
