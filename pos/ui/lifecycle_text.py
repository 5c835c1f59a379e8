"""Behaviour group and churn stage names in the current language (the till's card and the console)."""

from __future__ import annotations

from pos.ui.i18n import N_, tr

GROUP_TEXT = {"sleeping": N_("Sleeping"), "high_potential_new": N_("High-potential new"), "stable": N_("Stable"),
              "whale": N_("Whale"), "price_sensitive": N_("Price-sensitive")}
STAGE_TEXT = {"at_risk": N_("At risk"), "win_back": N_("Win-back")}
JOB_TEXT = {"expiry": N_("Points expiry"), "tiers": N_("Tier evaluation"),
            "regroup": N_("Segments and behaviour groups"), "replenishment": N_("Replenishment due list"),
            "offers": N_("Automatic churn offers")}


def group_text(key: str) -> str:
    return tr(GROUP_TEXT.get(key, key))


def stage_text(key: str) -> str:
    return tr(STAGE_TEXT.get(key, key))


def job_text(key: str, fallback: str = "") -> str:
    return tr(JOB_TEXT[key]) if key in JOB_TEXT else (fallback or key)
