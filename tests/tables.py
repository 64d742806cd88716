"""Applications as the tables `subsidycalc.frame_input` and `subsidycalc.bulk` read: dotted
applicant columns, invoices and contracts by ``application_id`` (JSON values: text amounts,
dates, times). Shared by the frames and bulk tests."""

from __future__ import annotations

from typing import Any

from subsidycalc.models import Application

NESTED_LISTS = ("partners", "ecosystem", "prior_funding")
"""Lists of objects the tables have no column for (nor for ``enterprise.incidents``)."""


def flat(data: dict[str, Any], prefix: str = "", *, join_lists: bool = False) -> dict[str, Any]:
    """A nested mapping as one row of dotted columns; lists kept as lists, or joined by ``;``."""
    row: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            row.update(flat(value, f"{prefix}{key}.", join_lists=join_lists))
        elif join_lists and isinstance(value, list):
            row[f"{prefix}{key}"] = ";".join(value)
        else:
            row[f"{prefix}{key}"] = value
    return row


def table_rows(
    apps: list[Application], *, join_lists: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Applications as rows of applicants, invoices and contracts."""
    applicants: list[dict[str, Any]] = []
    invoices: list[dict[str, Any]] = []
    contracts: list[dict[str, Any]] = []
    for app in apps:
        data = app.model_dump(mode="json", exclude_defaults=True)
        for table, rows in (("invoices", invoices), ("contracts", contracts)):
            rows.extend({"application_id": app.id, **flat(item, join_lists=join_lists)} for item in data.pop(table, []))
        applicants.append(flat(data, join_lists=join_lists))
    return applicants, invoices, contracts
