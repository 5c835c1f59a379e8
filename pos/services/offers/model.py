"""What the offers gave, as plain values for the sale result, the till, the receipt and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


class Buyer(Protocol):
    """The member a sale's offers read (pos.services.members.lookup.SaleMember at checkout)."""

    @property
    def id(self) -> int: ...
    @property
    def tier_key(self) -> str: ...
    @property
    def points_balance(self) -> int: ...
    @property
    def birth_month(self) -> int | None: ...
    @property
    def store_id(self) -> int | None: ...
    @property
    def referrer_id(self) -> int | None: ...

ISSUED_KINDS = ("bounce_back", "welcome", "referral_reward", "stamp_reward", "reward")


@dataclass(frozen=True)
class Issued:
    kind: str                   # one of ISSUED_KINDS, or "bonus" (extra points on this sale)
    code: str | None            # the coupon's code, the reward's code, or None (double points, points)
    reason: str
    reason_zh: str
    title: str = ""             # what it gives: "15% off (max ¥30.00)", "double points on your next visit"
    title_zh: str = ""
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    points: int = 0             # points given (referral in points, bonus) or paid (reward)
    for_customer: bool = True   # False: the referrer's reward (not printed on the newcomer's receipt)
    benefit: str = "coupon"     # coupon | points | double_points | gift

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "code": self.code, "reason": self.reason, "title": self.title,
                "valid_from": self.valid_from.isoformat() if self.valid_from else None,
                "valid_to": self.valid_to.isoformat() if self.valid_to else None,
                "points": self.points, "benefit": self.benefit}


@dataclass(frozen=True)
class SaleOffers:
    issued: tuple[Issued, ...] = ()
    bonus: tuple[Issued, ...] = ()                       # extra points booked on this sale
    stamps: tuple[tuple[str, str, str], ...] = ()        # (card, name, "7/10")
    reward_points: int = 0                               # points paid for a catalogue reward
    points_balance: int | None = None                    # after the offers' postings (None: untouched)
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def bonus_points(self) -> int:
        return sum(b.points for b in self.bonus)


@dataclass(frozen=True)
class ReturnOffers:
    voided: tuple[str, ...] = ()          # coupon / reward codes made unusable
    points_reversed: int = 0              # bonus or reward points taken back
    points_restored: int = 0              # points paid for a returned reward given back
    stamps_back: int = 0


@dataclass(frozen=True)
class Undone:
    """One benefit a return took back (`pos return --json`: `offers_voided`)."""

    kind: str                   # bounce_back | welcome | referral_reward | stamp_reward | reward | bonus | stamps
    benefit: str                # coupon | points | double_points | gift | stamps
    code: str | None = None     # the coupon's code, or the catalogue reward's
    voided: bool = False        # made unusable (a coupon, a double-points visit, a referral reward, a reward)
    points_reversed: int = 0    # points it gave, taken back by this return
    points_restored: int = 0    # points paid for a returned reward, given back
    stamps_back: int = 0        # stamps taken off the card
    for_customer: bool = True   # False: the referrer's reward

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "benefit": self.benefit, "code": self.code, "voided": self.voided,
                "points_reversed": self.points_reversed, "points_restored": self.points_restored,
                "stamps_back": self.stamps_back, "for_customer": self.for_customer}
