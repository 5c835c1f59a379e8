"""`pos-terminal`: the one place that wires configuration, database, worker, translations and windows."""

from __future__ import annotations

import argparse
import os
import sys


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pos-terminal", description="Loyalty terminal for the till")
    parser.add_argument("--db", help="SQLAlchemy URL (env POS_DATABASE_URL)")
    parser.add_argument("--config", help="store configuration TOML (env POS_CONFIG)")
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="language (default: the store's locale)")
    parser.add_argument("--screenshot", metavar="FILE", help="a staged scene, not the running till: sign in as the "
                        "demo cashier, look up the demo Gold member with items in the cart, save a PNG and exit "
                        "(needs a demo store: pos init --demo)")
    parser.add_argument("--manager", action="store_true", help="open the manager console (manager PIN)")
    parser.add_argument("--grab-window", metavar="FILE", help="the real start-up: save the first window shown "
                        "(the sign-in) as a PNG once painted, then cancel it and exit (env POS_GRAB_WINDOW)")
    parser.add_argument("--till", metavar="STORE-TILL", help="which registered till this is, e.g. S01-2 "
                        "(env POS_TILL; default: the first till of the first store)")
    return parser.parse_args(argv)


def open_context(args: argparse.Namespace):
    """The store as every entry point opens it (pos.services.admin.bootstrap): never migrated or filled
    with demo data here; `pos init [--demo]` does that."""
    from pos.services.admin.bootstrap import open_store
    from pos.services.offline import OFFLINE_CONNECT_TIMEOUT_S

    # a till with an offline journal (#17) waits only a couple of seconds for the server
    timeout = OFFLINE_CONNECT_TIMEOUT_S if os.environ.get("POS_OFFLINE_JOURNAL") else None
    return open_store(args.db, args.config, till=getattr(args, "till", None), connect_timeout=timeout)


def _refuse(message: str) -> int:
    """A start-up refusal: on stderr, and in a message box for someone who started the till from a menu."""
    from PySide6.QtWidgets import QMessageBox

    print(f"error: {message}", file=sys.stderr)
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        QMessageBox.critical(None, "Loyalty terminal 会员收银终端", message)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    grab_to = args.grab_window or os.environ.get("POS_GRAB_WINDOW")
    if (args.screenshot or grab_to) and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from pos import logs
    from pos.ui.style import STYLE

    logs.install()
    sys.excepthook = lambda _type, exc, _tb: logs.report_bug(exc, where="till (GUI thread)")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyleSheet(STYLE)
    _bundled_look(app)
    grab = None
    if grab_to:
        from pos.ui.grab import WindowGrab

        grab = WindowGrab(grab_to)
    code = _start(app, args)
    return grab.exit_code(code) if grab is not None else code


def _bundled_look(app) -> None:
    """The window icon (assets/icons), and the CJK font when a desktop bundle carries its own in
    assets/fonts (a machine without Chinese fonts would otherwise show empty boxes); a source
    checkout has no assets/fonts and uses the system's fonts."""
    from PySide6.QtGui import QFontDatabase, QIcon

    from pos.ui.i18n import I18N

    assets = I18N.parent
    icon = assets / "icons" / "pos-loyalty-256.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    for font in sorted((assets / "fonts").glob("*.tt[cf]")):
        QFontDatabase.addApplicationFont(str(font))


def _offline_start(args: argparse.Namespace, exc):
    """The server is down at start-up (#17): a till with an offline journal that has synced once starts
    offline from it (the banner up, selling from the card cache) and goes online by itself. Returns
    (None, None) when it cannot (no journal, never synced, another fault than the server)."""
    from pos.errors import PosError
    from pos.services.till import Till, offline_start
    from pos.vocabulary import DATABASE_UNAVAILABLE

    path = os.environ.get("POS_OFFLINE_JOURNAL")
    if not path or exc.code != DATABASE_UNAVAILABLE or args.screenshot or args.manager:
        return None, None
    try:
        ctx = offline_start(args.db, args.config, path, till=getattr(args, "till", None))
    except PosError as fault:
        print(f"error: [{fault.code}] {fault.message}", file=sys.stderr)
        return None, None
    return ctx, Till(ctx, path, online=False)


def _start(app, args: argparse.Namespace) -> int:
    from pos.errors import PosError
    from pos.services.context import translate_db_errors
    from pos.ui import i18n

    till = None
    try:
        with translate_db_errors():     # migrating at start-up runs outside a unit of work
            ctx = open_context(args)
    except PosError as exc:
        ctx, till = _offline_start(args, exc)
        if ctx is None:
            return _refuse(f"[{exc.code}] {exc.message}")
    if args.screenshot:
        from pos.services.admin.setup import member_count

        if member_count(ctx) == 0:
            return _refuse("--screenshot stages a sale with the demo members: run `pos init --demo` first.")
    lang = args.lang or ctx.config.store.locale
    i18n.install(app, lang)
    if args.screenshot:
        from pos.ui.screenshot import take_screenshot

        return take_screenshot(app, ctx, lang, args.screenshot)
    if args.manager:
        from pos.ui.manager.signin import manager_window

        window = manager_window(ctx, lang)
        return 0 if window is None else app.exec()
    from pos.ui.dialogs.signin import sign_in_window

    window = sign_in_window(ctx, lang, till)
    if window is None:
        return 0
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
