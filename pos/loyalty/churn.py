"""Churn stages (SPEC §11): `at_risk_days` (30) without a purchase -> at risk, `win_back_days` (60)
-> win-back. A lapse starts at a member's last purchase and ends with the next one: the automatic
offer of a stage is issued once per member per lapse, so the lapse is named by its last purchase's
time (pos.services.lifecycle.offers keys the offer on it; checkout needs no change)."""

from __future__ import annotations

from datetime import date

from pos.config import LifecycleConfig

AT_RISK, WIN_BACK = "at_risk", "win_back"
STAGES = (AT_RISK, WIN_BACK)
STAGE_NAMES = {AT_RISK: ("At risk", "流失预警"), WIN_BACK: ("Win-back", "召回")}


def churn_stage(last_purchase: date | None, today: date, cfg: LifecycleConfig) -> str | None:
    """The member's stage, or None (active, or never bought: there is no lapse without a purchase)."""
    if last_purchase is None:
        return None
    days = (today - last_purchase).days
    if days >= cfg.win_back_days:
        return WIN_BACK
    if days >= cfg.at_risk_days:
        return AT_RISK
    return None
