"""Coupon campaigns: one coupon per member of an audience (a segment of the latest snapshot, or
a member-list filter), issued in batches with progress and cancel; safe to re-run by name.

Only members who consented to marketing get a campaign's coupon (PIPL); the others in the audience
are counted (`no_consent`) and skipped.

Exactly-once rests on the database: UNIQUE (campaign_id, member_id) on coupons, and the insert
skips members that already hold this campaign's coupon (ON CONFLICT DO NOTHING against races).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos.db.models import Campaign, Coupon, CouponRedemption, Member, MemberStats, SegmentSnapshot
from pos.errors import BadInput, EnvironmentFault, NotFound, Refusal
from pos.files import open_private
from pos.services import csv_safe, printouts
from pos.services.campaigns import holdout
from pos.services.changes import Changes
from pos.services.context import AppContext
from pos.services.coupons.issue import CouponSpec, end_of_day
from pos.services.members.phones import mask_phone
from pos.services.segments.rfm import OVERVIEW_NAMES
from pos.services.staff import audit
from pos.services.staff.roles import check_manager, require_manager_id, store_scope
from pos.vocabulary import new_coupon_code

if TYPE_CHECKING:
    from pos.services.members.listing import MemberFilter

FLAG_SEGMENTS = {"Whale": MemberStats.whale, "Promotion-only": MemberStats.promotion_only}
EXPORT_COLUMNS = ("code", "member_id", "phone", "name", "tier", "status", "valid_to", "redeemed_at")


@dataclass(frozen=True)
class Audience:
    segment: str | None = None
    member_filter: MemberFilter | None = None
    store_id: int | None = None        # members enrolled at this store (a store manager's own, always)

    def check(self) -> None:
        if (self.segment is None) == (self.member_filter is None):
            raise BadInput("audience_invalid", "choose either a segment or a member filter")
        if self.segment is not None and self.segment not in OVERVIEW_NAMES:
            raise BadInput("segment_unknown", f"'{self.segment}' is not a segment; use one of: "
                           f"{', '.join(OVERVIEW_NAMES)}")


@dataclass(frozen=True)
class CampaignResult:
    campaign_id: int
    issued: int
    already_had: int
    cancelled: bool
    codes_file: str | None = None
    changes: Changes = Changes(coupons=True)
    no_consent: int = 0            # members of the audience skipped: no marketing consent
    holdout: int = 0               # members of the audience kept back at random (recorded, got nothing)


@dataclass(frozen=True)
class CampaignView:
    campaign_id: int
    name: str
    segment: str | None
    created_at: datetime
    issued: int
    redeemed: int


# ---------------------------------------------------------------- audience

def preview_audience(ctx: AppContext, audience: Audience) -> int:
    """How many members of the audience would get a coupon (those with marketing consent)."""
    audience.check()
    with ctx.read() as session:
        snapshot_id = latest_snapshot(session) if audience.segment is not None else None
        return _audience_count(session, ctx, audience, snapshot_id, consent=True)


def _audience_count(session: Session, ctx: AppContext, audience: Audience, snapshot_id: int | None, *,
                    consent: bool) -> int:
    if audience.segment is not None and snapshot_id is not None:
        query = _segment_query(audience.segment, consent=consent).where(*_store_terms(audience.store_id))
    elif audience.member_filter is not None:
        query = select(Member.id).where(*_filter_terms(ctx, _with_store(audience), consent=consent))
    else:
        return 0
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def latest_snapshot(session: Session) -> int:
    snapshot_id = session.scalar(select(func.max(SegmentSnapshot.id)))
    if snapshot_id is None:
        raise NotFound("segments_not_computed", "Segments have not been computed yet.")
    return snapshot_id


def _segment_query(segment: str, *, consent: bool = True):
    """The members of a segment (or flag) as of the latest segmentation."""
    wanted = FLAG_SEGMENTS[segment].is_(True) if segment in FLAG_SEGMENTS else MemberStats.segment == segment
    return (select(MemberStats.member_id).join(Member, Member.id == MemberStats.member_id)
            .where(wanted, Member.erased_at.is_(None), Member.consent_marketing.is_(consent)))


def _filter_terms(ctx: AppContext, flt: MemberFilter, *, consent: bool = True) -> list:
    from pos.services.members.listing import conditions

    return [*conditions(flt, ctx.clock().date()), Member.consent_marketing.is_(consent)]


def _store_terms(store_id: int | None) -> list:
    return [] if store_id is None else [MemberStats.member_id.in_(select(Member.id).where(Member.store_id == store_id))]


def _with_store(audience: Audience) -> MemberFilter:
    assert audience.member_filter is not None
    if audience.store_id is None:
        return audience.member_filter
    return replace(audience.member_filter, store_id=audience.store_id)


def _segment_batches(ctx: AppContext, segment: str, batch: int, store_id: int | None = None) -> Iterator[list[int]]:
    after = 0
    while True:
        with ctx.read() as session:
            ids = list(session.scalars(_segment_query(segment)
                                       .where(MemberStats.member_id > after, *_store_terms(store_id))
                                       .order_by(MemberStats.member_id).limit(batch)))
        if not ids:
            return
        yield ids
        after = ids[-1]


def _filter_batches(ctx: AppContext, flt: MemberFilter, batch: int) -> Iterator[list[int]]:
    """Keyset over member id with the member list's own WHERE terms (so preview and issue agree)."""
    terms, after = _filter_terms(ctx, flt), 0
    while True:
        with ctx.read() as session:
            ids = list(session.scalars(select(Member.id).where(*terms, Member.id > after)
                                       .order_by(Member.id).limit(batch)))
        if not ids:
            return
        yield ids
        after = ids[-1]


# ---------------------------------------------------------------- issuing

def issue_campaign(ctx: AppContext, actor_id: int, name: str, audience: Audience, spec: CouponSpec, *,
                   progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
                   batch: int = 2000, holdout_percent: int = 0) -> CampaignResult:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise BadInput("campaign_name_invalid", "a campaign needs a name of up to 200 characters")
    if not 1 <= batch <= 10000:
        raise BadInput("batch_invalid", "batch must be between 1 and 10000")
    audience.check()
    if not 0 <= holdout_percent <= 90:
        raise BadInput("holdout_invalid", "the holdout must be between 0 and 90 percent")
    campaign_id, started, snapshot_id, store_id = _open_campaign(ctx, actor_id, name, audience, spec,
                                                                 holdout_percent)
    audience = replace(audience, store_id=store_id)
    total = preview_audience(ctx, audience)
    if audience.segment is not None:
        batches = _segment_batches(ctx, audience.segment, batch, store_id)
    else:
        assert audience.member_filter is not None     # Audience.check(): a segment or a filter
        batches = _filter_batches(ctx, _with_store(audience), batch)
    issued = had = kept = 0
    stopped = False
    for member_ids in batches:
        if cancelled is not None and cancelled():
            stopped = True
            break
        member_ids, held = holdout.split(ctx, campaign_id, member_ids)
        kept += held
        new = _issue_batch(ctx, actor_id, campaign_id, started, spec, member_ids) if member_ids else 0
        issued, had = issued + new, had + len(member_ids) - new
        if progress is not None:
            progress(issued + had + kept, max(total, issued + had + kept))
    with ctx.read() as session:
        no_consent = _audience_count(session, ctx, audience, snapshot_id, consent=False)
    _close_campaign(ctx, actor_id, campaign_id, issued, had, stopped, no_consent, kept)
    return CampaignResult(campaign_id, issued, had, stopped, no_consent=no_consent, holdout=kept)


def _open_campaign(ctx: AppContext, actor_id: int, name: str, audience: Audience,
                   spec: CouponSpec, holdout_percent: int = 0) -> tuple[int, datetime, int | None, int | None]:
    """The campaign of this name (a re-run continues it) or a new one; the snapshot to read; the store
    whose members it is for (a store manager's own)."""
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Issuing a campaign")
        store_id = store_scope(session, manager, audience.store_id, "Issuing a campaign")
        snapshot_id = latest_snapshot(session) if audience.segment is not None else None
        campaign = session.scalars(select(Campaign).where(Campaign.name == name).order_by(Campaign.id)).first()
        if campaign is None:
            campaign = Campaign(name=name, segment=audience.segment, created_at=ctx.clock(), created_by=manager.id,
                                issued=0, **holdout.terms(holdout_percent))
            session.add(campaign)
            session.flush()
        else:
            _check_same_terms(session, campaign.id, spec)
        return campaign.id, campaign.created_at, snapshot_id, store_id


def _check_same_terms(session: Session, campaign_id: int, spec: CouponSpec) -> None:
    first = session.scalars(select(Coupon).where(Coupon.campaign_id == campaign_id).limit(1)).first()
    if first is not None and (first.kind, first.amount_fen, first.percent_bp, first.threshold_fen, first.cap_fen) != (
            spec.kind, spec.amount_fen, spec.percent_bp, spec.threshold_fen, spec.cap_fen):
        raise Refusal("campaign_terms_differ", "A campaign of this name already issued other coupon terms; "
                      "choose another name.")


def _issue_batch(ctx: AppContext, actor_id: int, campaign_id: int, started: datetime, spec: CouponSpec,
                 member_ids: list[int]) -> int:
    with ctx.write() as session:
        require_manager_id(session, actor_id, "Issuing a campaign")
        holding = set(session.scalars(select(Coupon.member_id).where(Coupon.campaign_id == campaign_id,
                                                                    Coupon.member_id.in_(member_ids))))
        new = [mid for mid in member_ids if mid not in holding]
        if not new:
            return 0
        codes = _fresh_codes(session, ctx, len(new))
        valid_to = end_of_day(started + timedelta(days=spec.valid_days))
        rows = [{"code": code, "kind": spec.kind, "amount_fen": spec.amount_fen, "percent_bp": spec.percent_bp,
                 "threshold_fen": spec.threshold_fen, "cap_fen": spec.cap_fen, "valid_from": started,
                 "valid_to": valid_to, "member_id": mid, "campaign_id": campaign_id, "status": "issued",
                 "issued_at": ctx.clock()} for mid, code in zip(new, codes, strict=True)]
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(Coupon).on_conflict_do_nothing(index_elements=["campaign_id", "member_id"]), rows)
        session.execute(update(Campaign).where(Campaign.id == campaign_id)
                        .values(issued=Campaign.issued + len(new)))
        return len(new)


def _fresh_codes(session: Session, ctx: AppContext, n: int) -> list[str]:
    """n random codes of the configured shape that no coupon has yet (one look-up per round)."""
    prefix, length = ctx.config.coupons.code_prefix, ctx.config.coupons.code_length
    codes: set[str] = set()
    while len(codes) < n:
        wanted = {new_coupon_code(prefix, length) for _ in range(n - len(codes))}
        taken = set(session.scalars(select(Coupon.code).where(Coupon.code.in_(wanted))))
        codes |= wanted - taken
    return sorted(codes)[:n]


def _close_campaign(ctx: AppContext, actor_id: int, campaign_id: int, issued: int, had: int, stopped: bool,
                    no_consent: int, holdout: int = 0) -> None:
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Issuing a campaign")
        campaign = session.get_one(Campaign, campaign_id)
        audit.record(session, ctx.clock(), "campaign_issued", staff_id=manager.id, target=campaign.name,
                     campaign_id=campaign_id, issued=issued, already_had=had, cancelled=stopped,
                     segment=campaign.segment or "", skipped_no_consent=no_consent, holdout=holdout)


# ---------------------------------------------------------------- viewing, export, printing

def list_campaigns(ctx: AppContext, actor_id: int) -> list[CampaignView]:
    check_manager(ctx, actor_id, "The campaign list")
    redeemed = (select(Coupon.campaign_id, func.count(CouponRedemption.id).label("n"))
                .join(CouponRedemption, CouponRedemption.coupon_id == Coupon.id)
                .where(Coupon.campaign_id.is_not(None)).group_by(Coupon.campaign_id).subquery())
    with ctx.read() as session:
        rows = session.execute(select(Campaign, func.coalesce(redeemed.c.n, 0))
                               .outerjoin(redeemed, redeemed.c.campaign_id == Campaign.id)
                               .order_by(Campaign.id.desc())).all()
        return [CampaignView(c.id, c.name, c.segment, c.created_at, c.issued, int(n)) for c, n in rows]


def campaign_codes(ctx: AppContext, campaign_id: int) -> list[str]:
    with ctx.read() as session:
        _campaign(session, campaign_id)
        return list(session.scalars(select(Coupon.code).where(Coupon.campaign_id == campaign_id).order_by(Coupon.id)))


def _campaign(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("campaign_not_found", f"No campaign {campaign_id}.")
    return campaign


def export_campaign(ctx: AppContext, actor_id: int, campaign_id: int, path: str, *, full_phone: bool = False) -> int:
    """The campaign's coupons and holders to CSV; phone numbers masked unless full_phone. Audited."""
    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise BadInput("file_invalid", f"'{path}' must end in .csv")
    query = (select(Coupon.code, Member.id, Member.phone, Member.name, Member.tier_key, Coupon.status,
                    Coupon.valid_to, CouponRedemption.at)
             .join(Member, Member.id == Coupon.member_id)
             .outerjoin(CouponRedemption, CouponRedemption.coupon_id == Coupon.id)
             .where(Coupon.campaign_id == campaign_id).order_by(Coupon.id))
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Exporting a campaign")
        _campaign(session, campaign_id)
        rows = _write_csv(target, session.execute(query.execution_options(yield_per=2000)), full_phone)
        audit.record(session, ctx.clock(), "campaign_exported", staff_id=manager.id, target=str(target),
                     campaign_id=campaign_id, rows=rows, full_phone=full_phone)
    return rows


def _write_csv(target: Path, rows, full_phone: bool) -> int:
    written = 0
    try:
        with open_private(target, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv_safe.writer(handle)
            writer.writerow(EXPORT_COLUMNS)
            for code, mid, phone, name, tier, status, valid_to, used_at in rows:
                writer.writerow([code, mid, (phone or "") if full_phone else mask_phone(phone), name, tier,
                                 "used" if used_at else status, valid_to.date().isoformat(),
                                 used_at.isoformat(timespec="seconds") if used_at else ""])
                written += 1
    except OSError as exc:
        raise EnvironmentFault("file_unwritable", f"cannot write {target}: {exc.strerror}") from None
    return written


def write_campaign_sheet(ctx: AppContext, actor_id: int, campaign_id: int, path: str, *,
                         progress: Callable[[int, int], None] | None = None,
                         cancelled: Callable[[], bool] | None = None) -> str:
    """The campaign's A4 coupon sheet as a PDF file; progress per page, cancel between pages."""
    return str(printouts.write_coupon_sheet(ctx, actor_id, Path(path), campaign_id=campaign_id, progress=progress,
                                            cancelled=cancelled))


def print_campaign_sheet(ctx: AppContext, actor_id: int, campaign_id: int, printer: str = "", *,
                         progress: Callable[[int, int], None] | None = None,
                         cancelled: Callable[[], bool] | None = None) -> str:
    """The campaign's A4 coupon sheet on the office printer (CUPS); returns the print job."""
    return printouts.print_coupon_sheet(ctx, actor_id, campaign_id=campaign_id, printer=printer, progress=progress,
                                        cancelled=cancelled)
