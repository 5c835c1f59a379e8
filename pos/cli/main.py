"""The `pos` console command: parses, calls one service, prints text or one JSON object.

Exit status: 0 success, 1 a business rule refused or the environment failed (database, disk,
printer), 2 bad usage or input, 3 our bug. Never a traceback: an unexpected error is logged with its
traceback to the log file (pos.logs) and reported as `internal_error` with the log entry's
reference; its own exit status keeps a script from taking a bug for a refusal or for bad input. POS_DEBUG=1 also prints the traceback on stderr, for developers.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable

from pos.cli import commands, offline_commands
from pos.cli.parser import build_parser
from pos.errors import PosError
from pos.logs import log_file, report_bug
from pos.services.context import translate_db_errors
from pos.vocabulary import INTERNAL_ERROR

INTERNAL_ERROR_EXIT = 3


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    as_json, where = "--json" in argv, "pos"
    try:
        args = build_parser().parse_args(argv)
        key = (args.command, getattr(args, "action", None))
        where = " ".join(["pos", *filter(None, key)])
        handler: Callable = commands.HANDLERS[key]
        with translate_db_errors():    # connecting and checking the schema happen outside a unit of work
            # status: `pos doctor` found a fault; offline_commands serves a sale from the journal when need be
            payload, text, *status = offline_commands.run(handler, key, args, commands.context)
    except SystemExit as exc:          # --help
        return int(exc.code or 0)
    except PosError as exc:
        return _fail(exc.to_json(), f"error [{exc.code}]: {exc.message}", exc.exit_code, as_json)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback to the user
        return _internal_error(exc, where, as_json)
    _print(json.dumps(payload, ensure_ascii=False, default=str) if as_json else text, sys.stdout)
    return status[0] if status else 0


def _print(text: str, stream) -> int:
    """A reader that stops early (`pos ... | head`) is not an error: the rest of the output is dropped."""
    try:
        print(text, file=stream)
        stream.flush()
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit: point it at /dev/null first
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    return 0


def _internal_error(exc: Exception, where: str, as_json: bool) -> int:
    """The CLI's presenter of our bugs: the reference and where the log is, never the error itself."""
    reference = report_bug(exc, where=where)
    if os.environ.get("POS_DEBUG"):
        traceback.print_exception(exc)
    message = (f"Unexpected error in the program (ref {reference}). It is logged in {log_file()}; "
               "please report it with this reference.")
    body = {"error": {"code": INTERNAL_ERROR, "message": message, "reference": reference}}
    return _fail(body, f"error [{INTERNAL_ERROR}]: {message}", INTERNAL_ERROR_EXIT, as_json)


def _fail(body: dict, text: str, exit_code: int, as_json: bool) -> int:
    _print(json.dumps(body, ensure_ascii=False, default=str) if as_json else text,
           sys.stdout if as_json else sys.stderr)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
