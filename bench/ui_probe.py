"""Qt measurements in a fresh process (offscreen), run by bench/run.py; prints one JSON line.

    python bench/ui_probe.py cold DB_URL          # launch -> look-up field ready (what the till does)
    python bench/ui_probe.py manager DB_URL       # manager list through the Qt model, then peak memory

`cold` times the terminal's own start path: imports, QApplication, open the database (migrations
checked), the cashier signs in (argon2 verify), the till window shown with the look-up field focused.
`manager` opens the till and the manager console with the member list, times the list's first page
(count + page) and a jump to row 90 % through the Qt model, scrolls to the end and reports the
process's peak resident memory: VmHWM of /proc/self/status. Not ru_maxrss: Linux carries the
high-water mark of the pre-exec copy of the parent into it, so a probe started by a bench process
that had grown to 1.3 GB while generating data reported 1.3 GB at its first line.
"""

from __future__ import annotations

import json
import os
import sys
import time

T0 = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

NOW = "2026-11-22T12:00:00"


def _context(url: str):
    from datetime import datetime

    from pos.clock import fixed_clock
    from pos.services.admin.setup import init_database
    from pos.services.context import AppContext

    ctx = AppContext.open(url, None, fixed_clock(datetime.fromisoformat(NOW)))
    init_database(ctx)
    return ctx


def cold(url: str) -> dict:
    from PySide6.QtWidgets import QApplication

    from pos.services.staff.accounts import sign_in
    from pos.ui import i18n
    from pos.ui.main_window import TillWindow
    from pos.ui.style import STYLE

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyleSheet(STYLE)
    ctx = _context(url)
    i18n.install(app, ctx.config.store.locale)
    staff = sign_in(ctx, "1234", code="C01")
    window = TillWindow(ctx, staff)
    window.show()
    app.processEvents()
    ready = window.lookup.isVisible() and window.lookup.isEnabled()
    return {"in_process_s": time.perf_counter() - T0, "lookup_ready": bool(ready)}


def _rss_mb() -> dict[str, float]:
    """Resident memory now (all, anonymous, file-backed, shared) and the peak so far, in MB."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM"):
                fields[key] = round(int(value.split()[0]) / 1024, 1)
    fields["peak"] = fields.pop("VmHWM")
    return fields


def peak_rss_mb() -> float:
    return _rss_mb()["peak"]


def _wait(app, predicate, timeout: float = 60.0) -> bool:
    """Runs the event loop (idle like a real GUI thread, so the worker thread gets the GIL) until
    predicate() holds; checks every 2 ms."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            return False
        loop = QEventLoop()
        QTimer.singleShot(2, loop.quit)
        loop.exec()
    return True


def manager(url: str) -> dict:
    from PySide6.QtWidgets import QApplication, QTableView

    from pos.services.staff.accounts import sign_in
    from pos.ui.main_window import TillWindow
    from pos.ui.manager import open_console

    app = QApplication.instance() or QApplication(sys.argv[:1])
    stages = {"imports": _rss_mb()}
    ctx = _context(url)
    stages["database"] = _rss_mb()
    till = TillWindow(ctx, sign_in(ctx, "1234", code="C01"))
    till.show()
    boss = sign_in(ctx, "8888", code="M01")
    out: dict = {"stages_mb": stages}
    stages["till"] = _rss_mb()
    console = open_console(ctx, boss, "en")
    app.processEvents()
    stages["console"] = _rss_mb()
    from pos.ui.manager.member_model import MemberTableModel

    views = [v for v in console.findChildren(QTableView) if isinstance(v.model(), MemberTableModel)]
    if not views:
        raise RuntimeError("no member table in the manager console")
    view = views[0]
    model: MemberTableModel = view.model()
    counted: list[int] = []
    pages: list[int] = []
    model.counted.connect(counted.append)
    model.page_loaded.connect(pages.append)
    _wait(app, lambda: model.rowCount() > 0)          # the console's own first query
    stages["first_page"] = _rss_mb()

    from pos.services.members import listing as member_list
    from pos.services.members.listing import MemberFilter

    samples_first, samples_jump = [], []
    for i in range(5):
        counted.clear()
        start = time.perf_counter()
        model.set_query(MemberFilter(), "points" if i % 2 else "spend", True)
        if not _wait(app, lambda: bool(counted)):
            raise RuntimeError("the first page never came")
        view.scrollToTop()
        app.processEvents()
        samples_first.append((time.perf_counter() - start) * 1000)
        stages[f"query_{i}"] = _rss_mb()
        rows = model.rowCount()
        target = int(rows * 0.9)
        pages.clear()
        member_list.forget_pages()     # cold: no page boundary cached in this process
        start = time.perf_counter()
        view.scrollTo(model.index(target, 0))
        app.processEvents()
        if not _wait(app, lambda target=target: model.row_at(target) is not None):
            raise RuntimeError("the jump never loaded")
        app.processEvents()
        samples_jump.append((time.perf_counter() - start) * 1000)
        stages[f"jump_{i}"] = _rss_mb()
    out["rows"] = model.rowCount()
    out["model_first_page_ms"] = sorted(samples_first)[len(samples_first) // 2]
    out["model_jump_ms"] = sorted(samples_jump)[len(samples_jump) // 2]
    stages["after_jumps"] = _rss_mb()
    # scroll to the end in screenfuls, as a manager dragging the bar would
    bar = view.verticalScrollBar()
    for step in range(0, 101, 5):
        bar.setValue(bar.maximum() * step // 100)
        app.processEvents()
        if step % 25 == 0:
            stages[f"scroll_{step}"] = _rss_mb()
    last = model.rowCount() - 1
    view.scrollToBottom()
    _wait(app, lambda: model.row_at(last) is not None)
    app.processEvents()
    stages["end"] = _rss_mb()
    out["loaded_pages"] = len(model.loaded_pages())
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def main() -> int:
    mode, url = sys.argv[1], sys.argv[2]
    try:
        result = cold(url) if mode == "cold" else manager(url)
    except Exception as exc:  # noqa: BLE001 - reported by run.py, never fatal to the benchmark
        result = {"error": f"{type(exc).__name__}: {exc}"}
        result["peak_rss_mb"] = peak_rss_mb()
    print("PROBE " + json.dumps(result), flush=True)
    os._exit(0)   # no Qt teardown in the figures


if __name__ == "__main__":
    main()
