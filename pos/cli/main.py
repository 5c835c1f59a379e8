"""The `pos` console command: parses, calls one service, prints text or one JSON object.

Exit status: 0 success, 1 a business rule refused, 2 bad usage or input. Never a traceback:
an unexpected error is reported as `internal_error` (exit 3) with the cause on stderr.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable

from sqlalchemy.exc import OperationalError

from pos.cli import commands
from pos.cli.parser import build_parser
from pos.errors import EnvironmentFault, PosError


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    as_json = "--json" in argv
    try:
        args = build_parser().parse_args(argv)
        handler: Callable = commands.HANDLERS[(args.command, getattr(args, "action", None))]
        payload, text = handler(args, commands.context(args))
    except SystemExit as exc:          # --help
        return int(exc.code or 0)
    except PosError as exc:
        return _fail(exc, as_json)
    except KeyboardInterrupt:
        return 130
    except OperationalError as exc:    # server down, wrong password, unreadable file: not our bug
        fault = EnvironmentFault("database_unavailable", f"The database cannot be reached: {exc.orig}")
        return _fail(fault, as_json)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback to the user
        if os.environ.get("POS_DEBUG"):
            traceback.print_exc()
        fault = EnvironmentFault("internal_error", f"unexpected error: {type(exc).__name__}: {exc}")
        fault.exit_code = 3
        return _fail(fault, as_json)
    if as_json:
        print(json.dumps(payload, ensure_ascii=False, default=str))
    else:
        print(text)
    return 0


def _fail(exc: PosError, as_json: bool) -> int:
    if as_json:
        print(json.dumps(exc.to_json(), ensure_ascii=False, default=str))
    else:
        print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
    return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
