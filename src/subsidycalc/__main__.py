"""``python -m subsidycalc``: the same command line as ``subsidycalc``."""

from .cli import main_entry

main_entry()
