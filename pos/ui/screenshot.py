"""`pos-terminal --screenshot FILE`: the till with the demo Gold member and a few items, as a PNG."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QTimer

from pos.services.admin.demo import DEMO_CASHIER, DEMO_GOLD_PHONE
from pos.services.staff import accounts as staff_service
from pos.ui.main_window import TillWindow
from pos.ui.widgets.cart import CartItem


def wait(window: TillWindow, signal, ms: int = 15000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def take_screenshot(app, ctx, lang: str, path: str) -> int:
    cashier = staff_service.sign_in(ctx, DEMO_CASHIER[3], code=DEMO_CASHIER[0])
    window = TillWindow(ctx, cashier, lang)
    window.resize(1280, 800)
    window.show()
    window.look_up(phone=DEMO_GOLD_PHONE)
    window.worker.wait()
    app.processEvents()
    for sku, name, price, qty in (("LAT01", "Latte 拿铁", 2800, 2), ("CAK01", "Cheesecake 芝士蛋糕", 3800, 1),
                                  ("BEA01", "Coffee beans 1kg 咖啡豆", 16800, 1)):
        window.cart.add(CartItem(sku, name, price, qty))
    if window.member and window.member.coupons:
        window.apply_coupon(window.member.coupons[-1].code)
    wait(window, window.quoted)
    window.totals.points.setValue(min(300, window.totals.points.maximum()))
    wait(window, window.quoted)
    app.processEvents()
    ok = window.grab().save(path)
    window.close()
    print(path if ok else f"could not write {path}")
    return 0 if ok else 1
