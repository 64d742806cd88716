"""The library's version (PEP 440), kept in one place."""

__version__ = "0.1.0"
