"""An OpenFisca-core model of 斗门 方向一's money rules, written from OpenFisca's public documentation.

Invoices are the person entity, applicants a group entity; the window and category filters are
formulas over invoice variables; rate, cap, minimum, window and the counted categories are
parameters in YAML. Used only by ``benchmarks/bench_openfisca.py`` in its own virtual environment
(``pip install openfisca-core``): never a dependency of subsidycalc.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.periods import YEAR
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Invoice = build_entity(key="invoice", plural="invoices", label="发票 invoice", is_person=True)
Applicant = build_entity(
    key="applicant",
    plural="applicants",
    label="申报企业 applicant",
    roles=[{"key": "item", "plural": "items", "label": "invoice of the applicant"}],
)


class invoice_amount(Variable):
    value_type = float
    entity = Invoice
    definition_period = YEAR
    label = "不含税金额 (元)"


class invoice_day(Variable):
    value_type = int
    entity = Invoice
    definition_period = YEAR
    label = "开票日期 as a date ordinal"


class invoice_category(Variable):
    value_type = int
    entity = Invoice
    definition_period = YEAR
    label = "费用类别 code"


class invoice_counted(Variable):
    value_type = bool
    entity = Invoice
    definition_period = YEAR
    label = "计入投资额"

    def formula(invoice, period, parameters):
        p = parameters(period).direction_1
        day = invoice("invoice_day", period)
        category = invoice("invoice_category", period)
        in_window = (day >= p.window_start) & (day <= p.window_end)
        mask = np.int64(p.counted_categories)
        return in_window & ((np.left_shift(np.int64(1), category.astype(np.int64)) & mask) != 0)


class eligible_spend(Variable):
    value_type = float
    entity = Applicant
    definition_period = YEAR
    label = "计入投资额 (元)"

    def formula(applicant, period, parameters):
        amount = applicant.members("invoice_amount", period)
        counted = applicant.members("invoice_counted", period)
        return applicant.sum(amount * counted)


class award(Variable):
    value_type = float
    entity = Applicant
    definition_period = YEAR
    label = "奖补 (元), were every other condition met"

    def formula(applicant, period, parameters):
        p = parameters(period).direction_1
        spend = applicant("eligible_spend", period)
        return np.where(spend >= p.minimum, np.minimum(np.round(spend * p.rate, 2), p.cap), 0)


class Direction1System(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__([Invoice, Applicant])
        self.add_variables(invoice_amount, invoice_day, invoice_category, invoice_counted, eligible_spend, award)
        self.load_parameters(str(Path(__file__).parent / "parameters"))
