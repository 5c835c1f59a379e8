"""Offers that trigger themselves at checkout (SPEC §10), inside the sale's or the return's unit of work.

Checkout calls `rules_for_sale` and its `finish` (and `issued_for_sale` for a replayed sale id), returns call
`void_for_return`, enrolment calls `referrer_for_enrolment` and `welcome_on_enrol`. Every benefit is an
`offer_issues` row naming the sale that gave it; coupons go through pos.services.coupons, points through
pos.services.points.ledger.book only.
"""

from pos.services.offers.at_return import undone_by_return, void_for_return
from pos.services.offers.at_sale import SaleRules, issued_for_sale, rules_for_sale
from pos.services.offers.model import Issued, SaleOffers, Undone
from pos.services.offers.referral import (
    ReferralRefused,
    audit_refused_referral,
    referral_qr_payload,
    referrer_for_enrolment,
    welcome_on_enrol,
)

__all__ = ["Issued", "ReferralRefused", "SaleOffers", "SaleRules", "Undone", "audit_refused_referral",
           "issued_for_sale", "referral_qr_payload", "referrer_for_enrolment", "rules_for_sale", "undone_by_return",
           "void_for_return", "welcome_on_enrol"]
