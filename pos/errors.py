"""One error base with a stable `code` (the CLI's error codes, listed in pos.vocabulary.ERROR_CODES).

PosError subclasses split into refusals a cashier should read (Refusal), bad input
(BadInput, exit 2 in the CLI) and faults of the environment (EnvironmentFault).
Anything else escaping is our bug: each surface's presenter (pos.ui.messages for the till,
pos.ui.manager.common for the console, pos.cli.main for the CLI) logs it with pos.logs.report_bug
and shows only its reference. Tell them apart with isinstance(exc, PosError), never by a `code`
attribute: every SQLAlchemy exception has one.
"""

from __future__ import annotations


class PosError(Exception):
    exit_code = 1

    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def to_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, **self.details}}


class Refusal(PosError):
    """A business rule refused the request (CLI exit 1)."""


class BadInput(PosError):
    """Malformed input: a phone, amount, line spec, config value... (CLI exit 2)."""

    exit_code = 2


class NotFound(Refusal):
    """member_not_found, receipt_not_found, coupon_unknown, sku_unknown..."""


class PermissionDenied(Refusal):
    """manager_pin_required, pin_invalid, staff_locked..."""


class EnvironmentFault(PosError):
    """Database locked/unreachable, disk full, printer offline: really outside the program, and
    never a wrapper for our own bugs. Database errors become one only in
    pos.services.context.translate_db_errors."""
