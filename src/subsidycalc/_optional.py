"""Optional dependencies (the ``pandas``, ``plot`` and ``batch`` extras), imported when first used."""

from __future__ import annotations

from importlib import import_module
from typing import Any


def require(module: str, extra: str, purpose: str) -> Any:
    """Import ``module`` or say which extra installs it."""
    try:
        return import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(f"{purpose} needs {module.split('.')[0]}: pip install 'subsidycalc[{extra}]'") from exc
