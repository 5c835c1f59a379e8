"""What the cashier reads when something is refused or fails: the till's presenter of errors.

The services explain refusals in English with the details (amounts, dates, codes). In another
language the till shows the translation of a short text chosen by the error's stable code;
where no translation exists, the service's own message. Anything that is not a PosError is our
bug: logged with its traceback (pos.logs) and shown as a plain sentence with the reference of
the log entry, never the exception's text (it may hold SQL and its parameters)."""

from __future__ import annotations

from pos.errors import PosError
from pos.logs import report_bug
from pos.ui.i18n import N_, tr

BY_CODE = {
    "coupon_expired": N_("This coupon has expired."),
    "coupon_not_yet_valid": N_("This coupon is not valid yet."),
    "coupon_used": N_("This coupon has already been used."),
    "coupon_threshold_not_met": N_("The amount does not reach this coupon's threshold."),
    "coupon_no_item": N_("This coupon gives one free item: the sale has no item it can take."),
    "coupon_not_for_member": N_("This coupon cannot be used by this customer."),
    "coupon_unknown": N_("Unknown coupon code."),
    "points_insufficient": N_("The member does not have enough points."),
    "points_step": N_("Points are redeemed in whole steps only (see the step of the points box)."),
    "points_minimum": N_("Too few points to redeem at once."),
    "points_cap_exceeded": N_("Points may pay at most half of the amount due."),
    "points_invalid": N_("That number of points is not allowed."),
    "member_required": N_("Look the member up first."),
    "member_not_found": N_("No member with this phone number."),
    "phone_invalid": N_("This is not a valid mobile phone number."),
    "phone_taken": N_("This phone number is already a member."),
    "qr_invalid": N_("This QR code is not a valid member card of this store."),
    "referrer_not_found": N_("No member has this referral code."),
    "referral_self": N_("A member cannot refer themselves: enrol without the referral code."),
    "referral_limit": N_("This referral code has had all its rewards this month: enrol without it."),
    "reward_unknown": N_("This reward is not in the catalogue."),
    "reward_out_of_stock": N_("This reward is out of stock."),
    "birthday_invalid": N_("Birthday must be MM-DD, e.g. 03-15."),
    "name_invalid": N_("The name is too long."),
    "sku_unknown": N_("No product with this SKU or barcode."),
    "quantity_invalid": N_("That quantity is not allowed."),
    "amount_invalid": N_("That is not an amount of money."),
    "cart_empty": N_("The cart is empty."),
    "receipt_not_found": N_("No sale with this receipt number."),
    "return_exceeds_sale": N_("More than was sold cannot be returned."),
    "return_window_passed": N_("This sale is past the return window: a manager must approve the return."),
    "sale_id_conflict": N_("This sale was already booked with another cart or payment. Start a new sale."),
    "payment_insufficient": N_("The payment does not cover the amount due."),
    "payment_exceeds_due": N_("The card or mobile payment is more than the amount due."),
    "pin_invalid": N_("Wrong PIN."),
    "pin_invalid_format": N_("A PIN is 4 to 12 digits."),
    "staff_locked": N_("Too many wrong PINs: this account is locked for a while."),
    "manager_pin_required": N_("This needs a manager PIN."),
    "manager_required": N_("This is for managers only."),
    "database_busy": N_("The database is busy (another till is writing); please try again."),
    "database_unavailable": N_("The database cannot be reached. The sale was not saved; call the manager."),
    "disk_full": N_("The disk of the database is full. The sale was not saved; call the manager."),
    "printer_unavailable": N_("The receipt printer is not available."),
    "offline_unavailable": N_("This is not available offline: the till cannot reach the server."),
    "offline_cap_exceeded": N_("Offline, this member cannot redeem that many points today at this till."),
    "offline_coupon_unknown": N_("Offline, only a coupon the till's cache shows unused can be taken."),
    "font_missing": N_("The Chinese font for printing is missing."),
}


def error_text(exc: BaseException) -> str:
    if not isinstance(exc, PosError):
        return tr("Something went wrong in the program (ref {0}). It is logged; please tell the manager.").format(
            report_bug(exc, where="till"))
    source = BY_CODE.get(exc.code)
    if source is None:
        return exc.message
    translated = tr(source)
    return exc.message if translated == source else translated
