"""Every till action: its key, its label (shown on its button with the key) and its slot name."""

from __future__ import annotations

from dataclasses import dataclass

from pos.ui.i18n import N_


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    shortcut: str
    slot: str


ACTIONS = (
    Action("lookup", N_("Look up"), "F1", "focus_lookup"),
    Action("enrol", N_("Enrol"), "F2", "enrol"),
    Action("search", N_("Find item"), "F3", "search_item"),
    Action("coupon", N_("Coupon"), "F4", "focus_coupon"),
    Action("points", N_("Points"), "F5", "focus_points"),
    Action("max_points", N_("Use maximum points"), "Shift+F5", "use_max_points"),
    Action("open", N_("Open item"), "F6", "open_item"),
    Action("clear", N_("Clear"), "F7", "clear_sale"),
    Action("pay", N_("Pay"), "F8", "pay"),
    Action("return", N_("Return"), "F9", "open_return"),
    Action("language", N_("中文 / English"), "F10", "toggle_language"),
    Action("manager", N_("Manager"), "F11", "open_manager"),
    Action("signout", N_("Sign out"), "F12", "sign_out"),
    Action("remove", N_("Remove line"), "Del", "remove_line"),
    Action("qty_down", N_("Qty −1"), "-", "qty_down"),
    Action("qty_up", N_("Qty +1"), "+", "qty_up"),
    Action("reward", N_("Reward for points"), "Ctrl+R", "choose_reward"),
)
GRID = ("lookup", "enrol", "search", "open", "coupon", "points", "remove", "clear",
        "return", "language", "manager", "signout")


def caption(action: Action, translate) -> str:
    return f"{translate(action.label)}  {action.shortcut}"
