"""subsidycalc: Chinese manufacturing-digitalisation subsidy policies as typed, tested, explained code.

```pycon
>>> from subsidycalc.policies import doumen_2023_guide as doumen
>>> doumen.DIRECTION_3.cap.value.format_wan()
'150万元'

```
"""

from ._version import __version__
from .models import Application
from .money import Money, Ratio
from .result import Assessment
from .rules import DirectionRules, ProjectRules, Rule, evolve

__all__ = [
    "Application",
    "Assessment",
    "DirectionRules",
    "Money",
    "ProjectRules",
    "Ratio",
    "Rule",
    "__version__",
    "evolve",
]
