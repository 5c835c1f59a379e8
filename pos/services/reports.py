"""Manager reports for a date range: one aggregate SQL query each (loops only over months or
days of the range, never over rows), exact money (int fen, Decimal rates), CSV export.

The range is whole days, `start` to `end` inclusive, in store-local time.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from pos.errors import BadInput, EnvironmentFault
from pos.services import report_queries as q
from pos.services.context import AppContext

MAX_DAYS = 3660


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    chart: str                  # line | bar | none; x = first column, series = the other numeric columns
    summary: str = ""


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, datetime.min.time())

    @property
    def until(self) -> datetime:
        """Exclusive upper bound: midnight after `end`."""
        return datetime.combine(self.end + timedelta(days=1), datetime.min.time())

    def months(self) -> list[tuple[str, datetime]]:
        """('2026-05', moment the month's count is taken: its end, or the range's end)."""
        out, first = [], self.start.replace(day=1)
        while first <= self.end:
            following = (first + timedelta(days=32)).replace(day=1)
            out.append((f"{first:%Y-%m}", min(datetime.combine(following, datetime.min.time()), self.until)))
            first = following
        return out

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def rate_pct(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def repeat_purchase(session: Session, ctx: AppContext, p: Period) -> Report:
    rows = tuple((month, buyers, repeat, rate_pct(repeat, buyers))
                 for month, buyers, repeat in q.repeat_buyers_by_month(session, p.since, p.until))
    buyers, repeat = q.repeat_buyers(session, p.since, p.until)
    return Report("repeat_purchase", "Repeat-purchase rate", ("month", "buyers", "repeat_buyers", "repeat_rate_pct"),
                  rows, "bar", f"Repeat-purchase rate {rate_pct(repeat, buyers)} % ({repeat} of {buyers} buyers "
                  "bought twice or more)")


def tier_upgrade(session: Session, ctx: AppContext, p: Period) -> Report:
    at_start = q.members_enrolled_before(session, p.since)
    by_tier = q.upgrades_by_tier(session, p.since, p.until)
    upgraded = q.members_upgraded(session, p.since, p.until)
    rows = tuple((t.key, by_tier.get(t.key, 0)) for t in ctx.config.tiers[1:])
    return Report("tier_upgrade", "Tier upgrades", ("tier", "members_upgraded"), rows, "bar",
                  f"Tier upgrade rate {rate_pct(upgraded, at_start)} % ({upgraded} members upgraded, "
                  f"{at_start} members at the start)")


def coupon_redemption(session: Session, ctx: AppContext, p: Period) -> Report:
    data = q.coupons_by_campaign(session, p.since, p.until)
    rows = tuple((name, issued, used, rate_pct(used, issued)) for name, issued, used in data)
    issued, used = sum(r[1] for r in rows), sum(r[2] for r in rows)
    return Report("coupon_redemption", "Coupon redemption per campaign",
                  ("campaign", "issued", "redeemed", "redemption_rate_pct"), rows, "bar",
                  f"Coupon redemption rate {rate_pct(used, issued)} % ({used} of {issued} coupons issued in range)")


def aov_members(session: Session, ctx: AppContext, p: Period) -> Report:
    data = q.sales_by_membership(session, p.since, p.until)
    rows = tuple((label, n, revenue, average_fen(revenue, n))
                 for label, (n, revenue) in (("members", data[True]), ("non-members", data[False])))
    return Report("aov_members", "Average order value: members vs non-members",
                  ("customer", "sales", "revenue_fen", "aov_fen"), rows, "bar",
                  f"Average order members ¥{Decimal(rows[0][3]) / 100:.2f}, non-members ¥{Decimal(rows[1][3]) / 100:.2f}")


def average_fen(total: int, count: int) -> int:
    return int((Decimal(total) / count).quantize(Decimal(1), ROUND_HALF_UP)) if count else 0


def points_value_fen(points: int, points_per_yuan: int) -> int:
    return int((Decimal(points * 100) / points_per_yuan).quantize(Decimal(1), ROUND_HALF_UP))


def points_liability(session: Session, ctx: AppContext, p: Period) -> Report:
    month_start = (p.end.replace(day=1) + timedelta(days=32)).replace(day=1)
    month_end = (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    per_yuan = ctx.config.points.redeem_points_per_yuan
    rows = tuple((tier.key, n, pts, points_value_fen(pts, per_yuan), exp, points_value_fen(exp, per_yuan))
                 for tier in ctx.config.tiers
                 for n, pts, exp in [q.points_by_tier(session, month_start, month_end).get(tier.key, (0, 0, 0))])
    points, expiring = sum(r[2] for r in rows), sum(r[4] for r in rows)
    return Report("points_liability", "Points liability",
                  ("tier", "members_with_points", "points", "value_fen", "expiring_next_month", "expiring_value_fen"),
                  rows, "bar", f"Points liability ¥{Decimal(points_value_fen(points, per_yuan)) / 100:.2f} "
                  f"({points} points); {expiring} points (¥{Decimal(points_value_fen(expiring, per_yuan)) / 100:.2f}) "
                  f"expire in {month_start:%Y-%m}")


def members_per_tier(session: Session, ctx: AppContext, p: Period) -> Report:
    keys = [t.key for t in ctx.config.tiers]
    rows = tuple((month, *(counts.get(k, 0) for k in keys))
                 for month, moment in p.months() for counts in [q.tiers_at(session, moment)])
    last = dict(zip(keys, rows[-1][1:], strict=True)) if rows else {}
    return Report("members_per_tier", "Members per tier (month end)", ("month", *keys), rows, "line",
                  "At the end: " + ", ".join(f"{k} {n}" for k, n in last.items()))


def sales_per_day(session: Session, ctx: AppContext, p: Period) -> Report:
    found = q.sales_by_day(session, p.since, p.until)
    rows = tuple((day, *found.get(day, (0, 0, 0))) for day in p.days())
    total = sum(r[2] for r in rows)
    return Report("sales_per_day", "Sales per day", ("day", "sales", "revenue_fen", "member_sales"), rows, "line",
                  f"{sum(r[1] for r in rows)} sales, revenue ¥{Decimal(total) / 100:.2f}")


BUILDERS: dict[str, Callable[[Session, AppContext, Period], Report]] = {
    "repeat_purchase": repeat_purchase, "tier_upgrade": tier_upgrade, "coupon_redemption": coupon_redemption,
    "aov_members": aov_members, "points_liability": points_liability, "members_per_tier": members_per_tier,
    "sales_per_day": sales_per_day,
}
REPORT_KEYS = tuple(BUILDERS)


def run_report(ctx: AppContext, key: str, start: date, end: date) -> Report:
    if key not in BUILDERS:
        raise BadInput("report_unknown", f"report must be one of {', '.join(REPORT_KEYS)}")
    if not isinstance(start, date) or not isinstance(end, date) or not 0 <= (end - start).days <= MAX_DAYS:
        raise BadInput("date_range_invalid", f"the range must run forwards and span at most {MAX_DAYS} days")
    with ctx.read() as session:
        return BUILDERS[key](session, ctx, Period(start, end))


def write_report_csv(report: Report, path: str) -> str:
    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise BadInput("file_invalid", f"'{path}' must end in .csv")
    try:
        with target.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(report.columns)
            writer.writerows([cell.isoformat() if isinstance(cell, date) else cell for cell in row]
                             for row in report.rows)
    except OSError as exc:
        raise EnvironmentFault("file_unwritable", f"cannot write {path}: {exc.strerror}") from None
    return str(target)
