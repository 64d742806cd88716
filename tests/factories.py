"""Passing applications for every direction, as plain JSON-like dicts, for tests to vary.

Each baseline is eligible with a margin on every condition and an award below its cap, so a test
changes one thing and sees exactly that change. Amounts are strings in 元 or 万.
"""

from __future__ import annotations

import copy
from typing import Any

from subsidycalc.models import Application
from subsidycalc.policies.doumen_2023_guide import (
    APPLIANCE_CLUSTER,
    PCB_CLUSTER,
    required_documents,
)

DOUMEN = {"city": "珠海市", "district": "斗门区"}
APPLICANT_CODE = "91440403AY4CL12TH3"
PARTNER_CODE = "914404033BJ1XG6127"
OTHER_CODES = ("91440403DD272HD1TH", "91440403J3Y7LLJY11", "91440403JJC171HU4K")

PAINO = "珠海派诺科技股份有限公司"  # 附件1 一、印刷电路板产业集群服务商 1
LIANYUN = "珠海联云科技有限公司"  # 附件1 二、大家电产业集群服务商 2
GREE = "珠海格力电器股份有限公司"
CMCC = "中国移动通信集团广东有限公司珠海分公司"

_DIRECTION_NUMBER = {
    "direction_1": 1,
    "direction_2": 2,
    "direction_3": 3,
    "direction_4": 4,
    "direction_5": 5,
    "direction_6_pcb_workshop": 6,
    "direction_6_pcb_factory": 6,
    "direction_6_appliance": 6,
}
DIRECTION_KEYS = tuple(_DIRECTION_NUMBER)


def invoice(number: str, day: str, amount: str, category: str, supplier: str = "珠海示例供应商有限公司", **extra: Any) -> dict[str, Any]:
    return {
        "number": number,
        "issued_on": day,
        "amount_excl_tax": amount,
        "category": category,
        "supplier": supplier,
        **extra,
    }


def contract(number: str, amount: str, supplier: str, submitted_at: str = "2023-05-03T09:00:00+08:00") -> dict[str, Any]:
    return {
        "number": number,
        "supplier": supplier,
        "amount_excl_tax": amount,
        "signed_on": "2023-05-01",
        "submitted_at": submitted_at,
    }


_FIXED = {"in_fixed_asset_statistics": True}

_BASELINES: dict[str, dict[str, Any]] = {
    "direction_1": {
        "invoices": [
            invoice("F1-1", "2023-03-01", "200万", "device_5g"),
            invoice("F1-2", "2023-06-01", "120万", "software"),
        ],
        "facts": {"quantifiable_benefits": 3, "has_showcase": True, **_FIXED},
    },
    "direction_2": {
        "enterprise": {"certifications": ["specialised", "safety_management"]},
        "invoices": [
            invoice("F2-1", "2023-03-01", "800万", "digital_device"),
            invoice("F2-2", "2024-03-31", "400万", "software"),
        ],
        "partners": [
            {
                "name": "珠海智装机器人有限公司",
                "credit_code": PARTNER_CODE,
                "registration": {"city": "珠海市", "district": "金湾区"},
            }
        ],
        "facts": {
            "has_own_ip": True,
            "digital_device_share": "40%",
            "cnc_networking_rate": "70%",
            "in_prepared_food_park": True,
            "scenarios_5g": 1,
            "quantifiable_benefits": 3,
            **_FIXED,
        },
    },
    "direction_3": {
        "enterprise": {"clusters": [PCB_CLUSTER]},
        "invoices": [
            invoice("F3-1", "2023-02-01", "200万", "network_service_5g", CMCC),
            invoice("F3-2", "2023-06-01", "150万", "device_5g", PAINO, scenario="5G+AOI检测"),
            invoice("F3-3", "2023-09-01", "100万", "consulting"),
        ],
        "facts": {"device_5g_share": "25%", "scenarios_5g": 3, "quantifiable_benefits": 3, **_FIXED},
    },
    "direction_4": {
        "enterprise": {"clusters": [APPLIANCE_CLUSTER]},
        "invoices": [
            invoice("F4-1", "2023-03-01", "100万", "software", GREE),
            invoice("F4-2", "2023-09-01", "50万", "retrofit"),
        ],
        "facts": {"supply_chain_efficiency_gain": "12%", **_FIXED},
    },
    "direction_5": {
        "enterprise": {"clusters": [PCB_CLUSTER]},
        "invoices": [
            invoice("F5-1", "2023-03-01", "60万", "network_service_5g", CMCC),
            invoice("F5-2", "2023-06-01", "40万", "networking_device"),
        ],
        "facts": {"has_5g_private_network": True, "coverage_5g": "65%", **_FIXED},
    },
    "direction_6_pcb_workshop": {
        "enterprise": {"clusters": [PCB_CLUSTER]},
        "invoices": [invoice("F6W-1", "2023-06-01", "22万", "platform_service", PAINO, contract="HT-1")],
        "contracts": [contract("HT-1", "25万", PAINO)],
        "facts": {"resource_efficiency_gain": "20%", **_FIXED},
    },
    "direction_6_pcb_factory": {
        "enterprise": {"clusters": [PCB_CLUSTER]},
        "invoices": [invoice("F6F-1", "2023-06-01", "150万", "platform_service", PAINO, contract="HT-2")],
        "contracts": [contract("HT-2", "150万", PAINO)],
        "facts": {"resource_efficiency_gain": "20%", **_FIXED},
    },
    "direction_6_appliance": {
        "enterprise": {"clusters": [APPLIANCE_CLUSTER]},
        "invoices": [invoice("F6A-1", "2023-06-01", "22万", "platform_service", LIANYUN, contract="HT-3")],
        "contracts": [contract("HT-3", "22万", LIANYUN)],
        "facts": {"supply_chain_efficiency_gain": "12%", **_FIXED},
    },
}


def passing(direction: str, app_id: str | None = None) -> dict[str, Any]:
    """A fresh dict of an eligible application to ``direction``."""
    base = copy.deepcopy(_BASELINES[direction])
    enterprise = {
        "name": "珠海斗门示例科技有限公司",
        "credit_code": APPLICANT_CODE,
        "registration": dict(DOUMEN),
        "tax": dict(DOUMEN),
        "statistics": dict(DOUMEN),
        **base.pop("enterprise", {}),
    }
    joint = bool(base.get("partners"))
    if app_id is not None:  # an application of its own: its own project, invoices and contracts
        for item in base.get("invoices", []):
            item["number"] = f"{item['number']}@{app_id}"
            if item.get("contract"):
                item["contract"] = f"{item['contract']}@{app_id}"
        for item in base.get("contracts", []):
            item["number"] = f"{item['number']}@{app_id}"
    return {
        "id": app_id or f"T-{direction}",
        "direction": direction,
        "enterprise": enterprise,
        "project": {"id": f"PRJ-{direction}" if app_id is None else f"PRJ-{app_id}", "name": "测试项目"},
        "documents": sorted(d.value for d in required_documents(_DIRECTION_NUMBER[direction], joint=joint)),
        "submission": {"online_at": "2024-04-10T10:00:00+08:00", "paper_at": "2024-04-28T10:00:00+08:00"},
        **base,
    }


def build(data: dict[str, Any]) -> Application:
    return Application.model_validate(data)


def credit_code(number: int) -> str:
    """The ``number``-th valid 统一社会信用代码 of a fictional 斗门区 enterprise (a distinct 家 each)."""
    from subsidycalc.uscc import calc_check_character

    first17 = f"91440403{number:09d}"
    return first17 + calc_check_character(first17)
