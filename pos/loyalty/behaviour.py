"""Behaviour groups beside RFM (SPEC §11): a member may carry several at once.

The reference rules, on a member's own purchase history; the weekly regrouping job
(pos.services.lifecycle.groups) computes the same in SQL, and tests compare the two member by member.

Day counts follow the segments' convention: a purchase `d` whole days ago (`(today - day).days`).
- Sleeping: no purchase for `sleeping_days` (90) days or more; a member who never bought counts from
  the day they enrolled.
- High-potential new: exactly one purchase ever, made in the last `new_days` (30) days (day 30
  included), paying at least `new_min_paid_fen` (¥300).
- Stable: a purchase in each of the last `stable_months` (3) complete calendar months (the current,
  unfinished month is not required: a weekly job early in a month would otherwise drop everyone).
- Whale: at least `whale_spend_fen` (¥5,000) paid in the last `whale_window_days` (365) days.
- Price-sensitive: of the purchases in that window, at least `price_sensitive_share` (80 %) used a coupon.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from pos.config import LifecycleConfig

SLEEPING, HIGH_POTENTIAL_NEW, STABLE, WHALE, PRICE_SENSITIVE = (
    "sleeping", "high_potential_new", "stable", "whale", "price_sensitive")
GROUPS = (SLEEPING, HIGH_POTENTIAL_NEW, STABLE, WHALE, PRICE_SENSITIVE)
GROUP_NAMES = {SLEEPING: ("Sleeping", "沉睡"), HIGH_POTENTIAL_NEW: ("High-potential new", "高潜新客"),
               STABLE: ("Stable", "稳定复购"), WHALE: ("Whale", "大客户"), PRICE_SENSITIVE: ("Price-sensitive", "价格敏感")}


def group_label(key: str, lang: str = "en") -> str:
    en, zh = GROUP_NAMES.get(key, (key, key))
    return zh if lang.startswith("zh") else en


@dataclass(frozen=True)
class Purchase:
    day: date
    paid_fen: int
    used_coupon: bool = False


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def month_index(day: date) -> int:
    """`day`'s calendar month as a count of months (year * 12 + month - 1): consecutive months differ by 1."""
    return day.year * 12 + day.month - 1


def month_start(day: date, months_back: int) -> date:
    """The first day of the calendar month `months_back` months before `day`'s month."""
    index = month_index(day) - months_back
    return date(index // 12, index % 12 + 1, 1)


def behaviour_groups(purchases: Iterable[Purchase], enrolled: date, today: date,
                     cfg: LifecycleConfig) -> frozenset[str]:
    history = sorted(purchases, key=lambda p: p.day)
    groups: set[str] = set()
    last = history[-1].day if history else enrolled
    if (today - last).days >= cfg.sleeping_days:
        groups.add(SLEEPING)
    if len(history) == 1 and (today - history[0].day).days <= cfg.new_days \
            and history[0].paid_fen >= cfg.new_min_paid_fen:
        groups.add(HIGH_POTENTIAL_NEW)
    months = {(p.day.year, p.day.month) for p in history}
    wanted = [month_start(today, back) for back in range(1, cfg.stable_months + 1)]
    if all((m.year, m.month) in months for m in wanted):
        groups.add(STABLE)
    window = [p for p in history if (today - p.day).days < cfg.whale_window_days]
    if sum(p.paid_fen for p in window) >= cfg.whale_spend_fen:
        groups.add(WHALE)
    if window and Decimal(sum(p.used_coupon for p in window)) >= cfg.price_sensitive_share * len(window):
        groups.add(PRICE_SENSITIVE)
    return frozenset(groups)
