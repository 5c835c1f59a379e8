"""An audit entry's details as people read them: "Points: 300; Receipt: S01-1-…" in the console's
language, from the JSON the audit log stores (pos/services/staff/audit.py). The stored JSON is kept
as it is (the export and the cell's tooltip show it); only its rendering is translated."""

from __future__ import annotations

import json
import re

from pos.ui import formats
from pos.ui.i18n import N_, tr

# The detail keys the services record (audit.record(..., **details)); any other key is shown with
# its underscores as spaces.
DETAIL_LABELS = {
    "active": N_("Active"), "actor_id": N_("Staff id"), "already_had": N_("Already had it"),
    "audit_rows_redacted": N_("Audit rows redacted"), "backup_created_at": N_("Backup made"),
    "by": N_("By"), "by_name": N_("By"), "campaign_id": N_("Campaign"), "cancelled": N_("Cancelled"),
    "cashier_id": N_("Cashier"), "changed": N_("Changed"), "changes": N_("Changes"), "consent": N_("Consent"),
    "consumable": N_("Consumable"), "count": N_("Count"), "coupon": N_("Coupon"),
    "coupons_voided": N_("Coupons voided"), "cycle_days": N_("Cycle (days)"), "days": N_("Days"),
    "failures": N_("Failures"), "filter": N_("Filter"), "first_break": N_("First break"),
    "flags": N_("Signals"), "full_phone": N_("Full phone numbers"), "holdout": N_("Holdout"),
    "issued": N_("Issued"), "key": N_("Report"), "keys": N_("Keys"), "kind": N_("Kind"),
    "ledger_reasons_redacted": N_("Ledger reasons redacted"), "limit": N_("Limit"), "manager": N_("Manager"),
    "member_id": N_("Member"), "name": N_("Name"), "newcomer_id": N_("New member"), "only": N_("Only"),
    "output": N_("Output"), "points": N_("Points"), "reason": N_("Reason"), "receipt": N_("Receipt"),
    "referrer_id": N_("Referrer"), "refund_fen": N_("Refund"), "refused": N_("Refused"),
    "return_no": N_("Return"), "role": N_("Role"), "rows": N_("Rows"), "sale_id": N_("Sale"),
    "segment": N_("Segment"), "since": N_("Since"), "skipped_no_consent": N_("Skipped (no consent)"),
    "sold_on": N_("Sold on"), "stock": N_("Stock"), "till": N_("Till"), "title": N_("Title"),
    "until": N_("Until"), "value_fen": N_("Value"), "why": N_("Why"), "window_days": N_("Return window (days)"),
}

# Values that are codes: shown as words.
VALUE_LABELS = {
    "cashier": N_("Cashier"), "manager": N_("Manager"), "amount": N_("Amount off"), "percent": N_("Percent off"),
    "cash": N_("Cash voucher"), "store_not_yours": N_("another store's"),
    "chain_admin_required": N_("for the chain's administrators only"),
    "referral_self": N_("self-referral"), "referral_limit": N_("the referrer's monthly limit"),
}

_CHANGE = re.compile(r"^(?P<key>[\w.\[\]]+): (?P<old>.*) -> (?P<new>.*)$")
_INDEX = re.compile(r"\[(\d+)\]")


def details_text(raw: str) -> str:
    """The readable, translated details of one entry ("" when there are none; the raw text when it
    is not the JSON of a mapping)."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return raw
    if not isinstance(data, dict):
        return raw
    parts = []
    for key, value in data.items():
        if key == "no_staff":                      # the till is named instead of a staff member
            parts.append(tr("No staff member identified (the till is recorded)"))
            continue
        parts.append(tr("{0}: {1}").format(_label(key), _value(key, value)))
    return tr("; ").join(parts) if parts else ""


def _label(key: str) -> str:
    label = DETAIL_LABELS.get(key)
    return tr(label) if label else key.replace("_", " ")


def _value(key: str, value: object) -> str:
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if value is None or value == "":
        return "—"
    if isinstance(value, int):
        if key.endswith("_fen"):
            return formats.money(value)
        return str(value) if key.endswith("_id") else formats.count(value)      # an id is a name, not a count
    if isinstance(value, dict):
        return ", ".join(tr("{0}: {1}").format(_label(k), _value(k, v)) for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_change(v) if key == "changes" and isinstance(v, str) else _value(key, v) for v in value)
    text = str(value)
    if key == "key":
        from pos.ui.manager.reports_tab import report_titles

        return report_titles().get(text, text)
    if key == "segment":
        from pos.ui.manager.common import segment_label

        return segment_label(text)
    label = VALUE_LABELS.get(text)
    return tr(label) if label else text


def _change(text: str) -> str:
    """'lifecycle.holdout_percent: 10 -> 20' with the setting's label from the settings form."""
    found = _CHANGE.match(text)
    if found is None:
        return text
    from pos.ui.manager.settings_form import LABELS

    key = found["key"]
    index = _INDEX.search(key)
    label = LABELS.get(_INDEX.sub("", key))
    name = (tr(label) + (f" #{int(index.group(1)) + 1}" if index else "")) if label else key
    none = tr("(none)")
    old, new = (none if v == "(none)" else v for v in (found["old"], found["new"]))
    return tr("{0}: {1} → {2}").format(name, old, new)
