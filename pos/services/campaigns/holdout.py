"""A campaign's random holdout (SPEC §11): a share of its audience, drawn from a seed stored on the
campaign (pos.loyalty.uplift.in_holdout), gets nothing and is recorded in `campaign_holdouts`, the
control group of the uplift report. A re-run of the campaign draws the same members."""

from __future__ import annotations

import secrets

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from pos.db.models import Campaign, CampaignHoldout
from pos.loyalty.uplift import in_holdout
from pos.services.context import AppContext


def terms(percent: int) -> dict:
    """The new campaign's holdout columns: its share and a fresh random seed."""
    return {"holdout_percent": percent, "holdout_seed": secrets.token_hex(8) if percent else None, "holdout": 0}


def split(ctx: AppContext, campaign_id: int, member_ids: list[int]) -> tuple[list[int], int]:
    """(the members to issue to, how many were newly kept back); the kept ones are recorded."""
    with ctx.write() as session:
        percent, seed = session.execute(select(Campaign.holdout_percent, Campaign.holdout_seed)
                                        .where(Campaign.id == campaign_id)).one()
        if not percent or not seed:
            return member_ids, 0
        kept = [mid for mid in member_ids if in_holdout(seed, mid, percent)]
        if kept:
            insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
            new = session.execute(insert(CampaignHoldout).on_conflict_do_nothing(
                index_elements=["campaign_id", "member_id"]).returning(CampaignHoldout.member_id),
                [{"campaign_id": campaign_id, "member_id": mid, "at": ctx.clock()} for mid in kept]).all()
            if new:
                session.execute(update(Campaign).where(Campaign.id == campaign_id)
                                .values(holdout=Campaign.holdout + len(new)))
        held = set(kept)
        return [mid for mid in member_ids if mid not in held], len(kept) if kept else 0
