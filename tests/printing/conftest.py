"""Fixtures of the printing tests: a real CUPS server (cups_server.py)."""

from tests.printing.cups_server import cups, cups_server  # noqa: F401 - fixtures
