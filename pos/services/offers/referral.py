"""Referral at enrolment: the referrer named by a code (typed, or scanned from a card or receipt QR), the
newcomer's welcome coupon, and the refusals (self-referral, the referrer's monthly limit) audited."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.db.models import Member, OfferIssue
from pos.errors import Refusal
from pos.loyalty.offers.referral import Person, is_self_referral
from pos.services.context import AppContext
from pos.services.coupons.issue import issue_welcome_coupon
from pos.services.offers import coupons as offer_coupons
from pos.services.offers import texts
from pos.services.staff import audit

REF_MARK = "ref="


class ReferralRefused(Refusal):
    """A referral refused for a reason worth a fraud flag; audited by `audit_refused_referral`."""

    def __init__(self, code: str, message: str, referral_code: str, referrer_id: int) -> None:
        super().__init__(code, message)
        self.referral_code, self.referrer_id = referral_code, referrer_id


def referral_qr_payload(join_url: str, code: str) -> str:
    """What the referral QR on a card or receipt carries: the join page with the code."""
    return f"{join_url}{'&' if '?' in join_url else '?'}{REF_MARK}{code}"


def parse_referral_code(text: str | None) -> str:
    """A typed code ('k7m2 q9xa') or a scanned referral QR (…?ref=K7M2Q9XA): the code, upper case."""
    raw = (text or "").strip()
    if REF_MARK in raw:
        raw = raw.rsplit(REF_MARK, 1)[1].split("&", 1)[0]
    return "".join(raw.split()).upper()


def referrer_for_enrolment(session: Session, ctx: AppContext, code: str | None, *, phone: str, name: str,
                           birth_month: int | None, birth_day: int | None) -> int | None:
    if not code:
        return None
    text = parse_referral_code(code)
    referrer = session.scalars(select(Member).where(Member.referral_code == text)).first() if text else None
    if referrer is None or referrer.erased_at is not None:
        raise Refusal("referrer_not_found", f"No member has the referral code '{code}'.")
    if not ctx.config.referral.enabled:
        return referrer.id
    if is_self_referral(Person(referrer.phone, referrer.name, referrer.birth_month, referrer.birth_day),
                        Person(phone, name, birth_month, birth_day)):
        raise ReferralRefused("referral_self", "A member cannot refer themselves: enrol without the referral code.",
                              text, referrer.id)
    limit = ctx.config.referral.monthly_limit
    if rewards_this_month(session, referrer.id, ctx.clock()) >= limit:
        raise ReferralRefused("referral_limit", f"This referral code has had its {limit} rewards this month: "
                              "enrol without it, or try again next month.", text, referrer.id)
    return referrer.id


def rewards_this_month(session: Session, referrer_id: int, now: datetime) -> int:
    month_start = datetime.combine(now.date().replace(day=1), time.min)
    return int(session.scalar(select(func.count(OfferIssue.id)).where(
        OfferIssue.member_id == referrer_id, OfferIssue.kind == "referral_reward",
        OfferIssue.created_at >= month_start)) or 0)


def welcome_on_enrol(session: Session, ctx: AppContext, member_id: int, referrer_id: int | None,
                     now: datetime) -> str | None:
    """A member enrolled with a referrer gets the referral welcome coupon instead of the ordinary one."""
    cfg = ctx.config.referral
    if referrer_id is None or not cfg.enabled:
        return issue_welcome_coupon(session, ctx.config, member_id, now)
    spec = offer_coupons.cash_spec(cfg.welcome_fen, cfg.welcome_valid_days)
    coupon = offer_coupons.give(session, ctx.config, spec, now, member_id)
    title = texts.terms_title(spec.terms())
    session.add(OfferIssue(member_id=member_id, sale_id=None, kind="welcome", rule="referral", benefit="coupon",
                           coupon_id=coupon.id, points=0, reason="welcome (referred by a member) | 推荐入会礼",
                           title=f"{title[0]} | {title[1]}", status="issued", valid_from=coupon.valid_from,
                           valid_to=coupon.valid_to, referee_id=None, created_at=now,
                           idem_key=f"welcome:{member_id}"))
    session.flush()
    return coupon.code


def audit_refused_referral(ctx: AppContext, refused: ReferralRefused, staff_id: int | None) -> None:
    """In its own unit of work: the enrolment that was refused wrote nothing."""
    with ctx.write() as session:
        audit.record(session, ctx.clock(), "referral_refused", staff_id=staff_id, target=refused.referral_code,
                     reason=refused.code, referrer_id=refused.referrer_id)
