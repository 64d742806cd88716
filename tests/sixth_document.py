"""A fictional sixth document (香洲 2026, one direction: 300万 minimum, 25%, 50万 cap, 3 a year),
as a policy text and a YAML rule file (shipped in ``subsidycalc/data/rule-file-example/``), for the
tests of rule files and of discovery, which copy both into a temporary folder."""

from __future__ import annotations

from importlib import resources

import yaml

from subsidycalc.inputs import load_applications
from subsidycalc.models import Application

PROGRAMME = "xiangzhou-2026"

EXAMPLE = resources.files("subsidycalc.data").joinpath("rule-file-example")
TEXT = EXAMPLE.joinpath("xiangzhou-2026.txt").read_text(encoding="utf-8")
RULES = EXAMPLE.joinpath("xiangzhou-2026.rules.yaml").read_text(encoding="utf-8")


def applications(n: int) -> list[Application]:
    """``n`` applicants of different enterprises, ranked by review score, each 400万 of software."""
    base = yaml.safe_load(RULES)["examples"][0]
    codes = ("91440403AY4CL12TH3", "914404033BJ1XG6127", "91440403DD272HD1TH", "91440403J3Y7LLJY11", "91440403JJC171HU4K")
    found = []
    for index in range(n):
        app = {**base, "programme": PROGRAMME, "id": f"XZ26-{index:02d}", "review_score": str(90 - index)}
        app["enterprise"] = {**base["enterprise"], "credit_code": codes[index], "name": f"示例企业{index}"}
        app["project"] = {**base["project"], "id": f"PRJ-XZ26-{index:02d}"}
        app["invoices"] = [{**item, "number": f"{item['number']}-{index}"} for item in base["invoices"]]  # its own
        found.append(app)
    return list(load_applications(found))


