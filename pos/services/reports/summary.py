"""Manager reports for a date range: aggregate SQL read from covering indexes (loops only over
months or days of the range, never over rows), exact money (int fen, Decimal rates), CSV export.

The range is whole days, `start` to `end` inclusive, in store-local time. A report runs in steps
(a month, a day, one query); `progress(done, total)` is called after each and `cancelled()` is
asked before each, so a long report shows where it is and stops between steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from pos.errors import BadInput, EnvironmentFault, Refusal
from pos.files import open_private
from pos.services import csv_safe
from pos.services.context import AppContext
from pos.services.reports import offers as offers_reports
from pos.services.reports import queries as q
from pos.services.reports import uplift
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id, store_scope

MAX_DAYS = 3660


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    chart: str                  # line | bar | none; x = first column, series = the other numeric columns
    summary: str = ""
    # The summary's figures, for a screen that words it in its own language (pos/ui/manager/reports_tab.py):
    # the same key as the report, values as computed (int, Decimal, fen under keys ending in _fen, str).
    facts: tuple[tuple[str, object], ...] = ()


class ReportCancelled(Refusal):
    """The manager cancelled the report; nothing was written, nothing to show."""

    def __init__(self) -> None:
        super().__init__("cancelled", "the report was cancelled")


@dataclass
class Steps:
    progress: Callable[[int, int], None] | None = None
    cancelled: Callable[[], bool] | None = None
    total: int = 1
    done: int = 0

    def plan(self, total: int) -> None:
        self.total, self.done = max(total, 1), 0

    def run(self, fn: Callable, *args):
        if self.cancelled is not None and self.cancelled():
            raise ReportCancelled
        result = fn(*args)
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)
        return result


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

    def month_ranges(self) -> list[tuple[str, datetime, datetime]]:
        """('2026-05', first moment of the month in range, end of the month or of the range)."""
        out, first, since = [], self.start.replace(day=1), self.since
        while first <= self.end:
            following = (first + timedelta(days=32)).replace(day=1)
            until = min(datetime.combine(following, datetime.min.time()), self.until)
            out.append((f"{first:%Y-%m}", since, until))
            first, since = following, until
        return out

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def rate_pct(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def repeat_purchase(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    """Each month's and the whole range's buyers from the repeat rollups (#19, round four)."""
    months = p.month_ranges()
    steps.plan(len(months) + 1)
    rows = tuple((month, buyers, repeat, rate_pct(repeat, buyers))
                 for month, since, until in months
                 for buyers, repeat in [steps.run(q.repeat_buyers_in, session, since, until)])
    buyers, repeat = steps.run(q.repeat_buyers_in, session, p.since, p.until)
    return Report("repeat_purchase", "Repeat-purchase rate", ("month", "buyers", "repeat_buyers", "repeat_rate_pct"),
                  rows, "bar", f"Repeat-purchase rate {rate_pct(repeat, buyers)} % ({repeat} of {buyers} buyers "
                  "bought twice or more)",
                  (("rate", rate_pct(repeat, buyers)), ("repeat", repeat), ("buyers", buyers)))


def tier_upgrade(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    steps.plan(3)
    at_start = steps.run(q.members_enrolled_before, session, p.since)
    by_tier = steps.run(q.upgrades_by_tier, session, p.since, p.until)
    upgraded = steps.run(q.members_upgraded, session, p.since, p.until)
    rows = tuple((t.key, by_tier.get(t.key, 0)) for t in ctx.config.tiers[1:])
    return Report("tier_upgrade", "Tier upgrades", ("tier", "members_upgraded"), rows, "bar",
                  f"Tier upgrade rate {rate_pct(upgraded, at_start)} % ({upgraded} members upgraded, "
                  f"{at_start} members at the start)",
                  (("rate", rate_pct(upgraded, at_start)), ("upgraded", upgraded), ("at_start", at_start)))


def coupon_redemption(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    steps.plan(1)
    data = steps.run(q.coupons_by_campaign, session, p.since, p.until)
    rows = tuple((name, issued, used, rate_pct(used, issued)) for name, issued, used in data)
    issued, used = sum(r[1] for r in rows), sum(r[2] for r in rows)
    return Report("coupon_redemption", "Coupon redemption per campaign",
                  ("campaign", "issued", "redeemed", "redemption_rate_pct"), rows, "bar",
                  f"Coupon redemption rate {rate_pct(used, issued)} % ({used} of {issued} coupons issued in range)",
                  (("rate", rate_pct(used, issued)), ("used", used), ("issued", issued)))


def aov_members(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    months = p.month_ranges()
    steps.plan(len(months))
    sales = revenue = member_sales = member_revenue = 0
    for _, since, until in months:
        n, total, member_n, member_total = steps.run(q.sales_in, session, since, until)
        sales, revenue, member_sales, member_revenue = (sales + n, revenue + total, member_sales + member_n,
                                                        member_revenue + member_total)
    rows = tuple((label, n, money, average_fen(money, n))
                 for label, n, money in (("members", member_sales, member_revenue),
                                         ("non-members", sales - member_sales, revenue - member_revenue)))
    return Report("aov_members", "Average order value: members vs non-members",
                  ("customer", "sales", "revenue_fen", "aov_fen"), rows, "bar",
                  f"Average order members ¥{Decimal(rows[0][3]) / 100:.2f}, non-members ¥{Decimal(rows[1][3]) / 100:.2f}",
                  (("members_fen", rows[0][3]), ("non_members_fen", rows[1][3])))


def average_fen(total: int, count: int) -> int:
    return int((Decimal(total) / count).quantize(Decimal(1), ROUND_HALF_UP)) if count else 0


def points_value_fen(points: int, points_per_yuan: int) -> int:
    return int((Decimal(points * 100) / points_per_yuan).quantize(Decimal(1), ROUND_HALF_UP))


def points_liability(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    month_start = (p.end.replace(day=1) + timedelta(days=32)).replace(day=1)
    month_end = (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    per_yuan = ctx.config.points.redeem_points_per_yuan
    steps.plan(2)
    held = steps.run(q.points_by_tier, session)
    expiring = steps.run(q.expiring_by_tier, session, month_start, month_end)
    rows = tuple((tier.key, n, pts, points_value_fen(pts, per_yuan), exp, points_value_fen(exp, per_yuan))
                 for tier in ctx.config.tiers
                 for (n, pts), exp in [(held.get(tier.key, (0, 0)), expiring.get(tier.key, 0))])
    points, expiring_points = sum(r[2] for r in rows), sum(r[4] for r in rows)
    return Report("points_liability", "Points liability",
                  ("tier", "members_with_points", "points", "value_fen", "expiring_next_month", "expiring_value_fen"),
                  rows, "bar", f"Points liability ¥{Decimal(points_value_fen(points, per_yuan)) / 100:.2f} "
                  f"({points} points); {expiring_points} points "
                  f"(¥{Decimal(points_value_fen(expiring_points, per_yuan)) / 100:.2f}) expire in {month_start:%Y-%m}",
                  (("value_fen", points_value_fen(points, per_yuan)), ("points", points),
                   ("expiring", expiring_points), ("expiring_fen", points_value_fen(expiring_points, per_yuan)),
                   ("month", f"{month_start:%Y-%m}")))


def apply_moves(counts: dict[str, int], moves: dict[tuple[str | None, str], int]) -> dict[str, int]:
    """Members per tier after tier changes: each move adds one to its target and takes one from its source."""
    out = dict(counts)
    for (source, target), n in moves.items():
        out[target] = out.get(target, 0) + n
        if source is not None:
            out[source] = out.get(source, 0) - n
    return out


def members_per_tier(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    keys = [t.key for t in ctx.config.tiers]
    months = p.month_ranges()
    steps.plan(len(months) + 1)
    counts = apply_moves({}, steps.run(q.tier_moves, session, None, p.since))
    rows = []
    for month, since, until in months:
        counts = apply_moves(counts, steps.run(q.tier_moves, session, since, until))
        rows.append((month, *(counts.get(k, 0) for k in keys)))
    last = dict(zip(keys, rows[-1][1:], strict=True)) if rows else {}
    return Report("members_per_tier", "Members per tier (month end)", ("month", *keys), tuple(rows), "line",
                  "At the end: " + ", ".join(f"{k} {n}" for k, n in last.items()), tuple(last.items()))


def sales_per_day(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    """A month of days per step, from the report rollups (#19)."""
    months = p.month_ranges()
    steps.plan(len(months))
    found: dict[date, tuple[int, int, int]] = {}
    for _, since, until in months:
        found.update(steps.run(q.sales_by_day, session, since, until))
    rows = tuple((day, *found.get(day, (0, 0, 0))) for day in p.days())
    total = sum(r[2] for r in rows)
    return Report("sales_per_day", "Sales per day", ("day", "sales", "revenue_fen", "member_sales"), rows, "line",
                  f"{sum(r[1] for r in rows)} sales, revenue ¥{Decimal(total) / 100:.2f}",
                  (("sales", sum(r[1] for r in rows)), ("revenue_fen", total)))


def offline_overdraws(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    """Offline sales whose redemption or coupon conflicted at sync (#17), booked as losses: by the day
    they were synced, with their value."""
    steps.plan(1)
    rows = tuple(steps.run(q.offline_overdraws, session, p.since, p.until))
    total = sum(r[5] for r in rows)
    return Report("offline_overdraws", "Offline overdraws", ("day", "receipt_no", "member_id", "points", "coupon",
                                                              "value_fen"), rows, "none",
                  f"{len(rows)} offline overdraw(s), ¥{Decimal(total) / 100:.2f}")


def coupon_use_days(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    steps.plan(1)
    rows = tuple(steps.run(uplift.use_days, session, p.since, p.until))
    used = sum(n for _, n in rows)
    return Report("coupon_use_days", "Days from coupon issue to use", ("days", "coupons"), rows, "bar",
                  f"{used} coupons used in range")


def campaign_cost(session: Session, ctx: AppContext, p: Period, steps: Steps) -> Report:
    steps.plan(1)
    found = steps.run(uplift.campaigns_with_holdout, session, p.since, p.until, ctx.config.lifecycle.uplift_days)
    rows = tuple((c.name, c.coupon_cost_fen, c.result.incremental_revenue_fen,
                  *(c.result.ci95_fen or ("", "")), "yes" if c.result.significant else "no") for c in found)
    return Report("campaign_cost", "Campaign cost vs incremental revenue",
                  ("campaign", "coupon_cost_fen", "incremental_revenue_fen", "ci95_low_fen", "ci95_high_fen",
                   "significant"), rows, "bar",
                  f"{len(rows)} campaigns with a holdout; incremental revenue over "
                  f"{ctx.config.lifecycle.uplift_days} days after each")


BUILDERS: dict[str, Callable[[Session, AppContext, Period, Steps], Report]] = {
    "repeat_purchase": repeat_purchase, "tier_upgrade": tier_upgrade, "coupon_redemption": coupon_redemption,
    "aov_members": aov_members, "points_liability": points_liability, "members_per_tier": members_per_tier,
    "sales_per_day": sales_per_day, "offline_overdraws": offline_overdraws,
    "coupon_use_days": coupon_use_days, "campaign_cost": campaign_cost,
    "offer_redemption": offers_reports.offer_redemption, "ladder_steps": offers_reports.ladder_steps,
}
REPORT_KEYS = tuple(BUILDERS)


def uplift_report(u: uplift.CampaignUplift) -> Report:
    """A campaign's uplift as a report: a chart of the two groups and the CSV rows."""
    r = u.result
    rows = (("issued", r.issued, u.buyers_issued, rate_pct(u.buyers_issued, r.issued), u.revenue_issued_fen,
             r.revenue_per_issued_fen, u.coupon_cost_fen),
            ("holdout", r.holdout, u.buyers_holdout, rate_pct(u.buyers_holdout, r.holdout), u.revenue_holdout_fen,
             r.revenue_per_holdout_fen, 0))
    ci = (f"¥{Decimal(r.ci95_fen[0]) / 100:,.2f} to ¥{Decimal(r.ci95_fen[1]) / 100:,.2f}" if r.ci95_fen else "n/a")
    return Report("campaign_uplift", f"Uplift of campaign {u.campaign_id} {u.name} ({u.days} days)",
                  ("group", "members", "buyers", "buyers_pct", "revenue_fen", "revenue_per_member_fen",
                   "coupon_cost_fen"), rows, "bar",
                  f"Incremental revenue ¥{Decimal(r.incremental_revenue_fen) / 100:,.2f} (95 % interval {ci}). "
                  + r.verdict())


def run_report(ctx: AppContext, actor_id: int, key: str, start: date, end: date, *,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None, store_id: int | None = None) -> Report:
    """Raises ReportCancelled when `cancelled()` turns true between two steps. `store_id`: one store's
    figures (see pos.services.reports.queries); a store manager's own store whatever is asked."""
    if key not in BUILDERS:
        raise BadInput("report_unknown", f"report must be one of {', '.join(REPORT_KEYS)}")
    if not isinstance(start, date) or not isinstance(end, date) or not 0 <= (end - start).days <= MAX_DAYS:
        raise BadInput("date_range_invalid", f"the range must run forwards and span at most {MAX_DAYS} days")
    with ctx.write() as session:       # a refusal is audited
        store_id = store_scope(session, require_manager_id(session, actor_id, "Reports"), store_id, "Reports")
    with ctx.read() as session:
        session.info[q.STORE] = store_id
        return BUILDERS[key](session, ctx, Period(start, end), Steps(progress, cancelled))


def export_report(ctx: AppContext, staff_id: int | None, report: Report, path: str) -> str:
    """The report to CSV, audited as `report_exported` with the manager who asked for it."""
    written = write_report_csv(report, path)
    with ctx.write() as session:
        audit.record(session, ctx.clock(), "report_exported", staff_id=staff_id, target=written, key=report.key,
                     title=report.title, rows=len(report.rows))
    return written


def write_report_csv(report: Report, path: str) -> str:
    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise BadInput("file_invalid", f"'{path}' must end in .csv")
    try:
        with open_private(target, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv_safe.writer(handle)
            writer.writerow(report.columns)
            writer.writerows([cell.isoformat() if isinstance(cell, date) else cell for cell in row]
                             for row in report.rows)
    except OSError as exc:
        raise EnvironmentFault("file_unwritable", f"cannot write {path}: {exc.strerror}") from None
    return str(target)
