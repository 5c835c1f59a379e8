"""Loyalty point-of-sale terminal."""

__version__ = "0.2.0"     # CHANGELOG.md says what each version changed
