"""Scheduled jobs: `pos jobs run` (cron, a systemd timer, or an idle till) runs each job that is due.

Each job has a period (a day or an ISO week). A run claims its (job, period) row in `job_runs`:
UNIQUE (job, period) lets exactly one till insert it, so two tills starting together run each job
once, on SQLite and PostgreSQL alike; the loser sees the row and skips. A failed run, or one still
"running" after `jobs.lease_minutes` (its till died), may be taken over by a conditional UPDATE
that only one till can win. Every job is itself idempotent, so a re-run after a crash is harmless.
A run "now" (the console's button) claims a period of its own.

Other packages add jobs with `register(Job(...))` at import time; the registry below lists this
package's own (expiry, tiers, regrouping, replenishment, automatic offers), in the order they run.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from pos.config import StoreConfig
from pos.db.models import JobRun
from pos.errors import BadInput, PosError
from pos.services.context import AppContext
from pos.services.lifecycle import offers, replenishment
from pos.services.members import tiers
from pos.services.points import expiry
from pos.services.segments import rfm

log = logging.getLogger(__name__)
DAY, WEEK = "day", "week"


@dataclass(frozen=True)
class Job:
    key: str
    title: str
    every: str                                   # day | week
    enabled: Callable[[StoreConfig], bool]
    run: Callable[[AppContext], object]          # returns a summary (a dataclass or a dict)
    # a long job that reports its own progress: run(ctx, progress=step) with step(done, total)
    steps: bool = False


@dataclass(frozen=True)
class JobOutcome:
    job: str
    status: str           # ok | failed | already_done | running_elsewhere | disabled
    result: dict
    duration_ms: int = 0


@dataclass(frozen=True)
class JobStatus:
    job: str
    title: str
    every: str
    enabled: bool
    last_started: datetime | None
    last_status: str | None
    duration_ms: int | None
    result: str
    due: bool


def _regroup(ctx: AppContext) -> dict:
    segments = rfm.compute_segments(ctx, with_groups=True)      # one pass over sales for both
    assert segments.groups is not None
    return {"segments": segments.sizes, "groups": segments.groups.sizes}


JOBS: list[Job] = [
    Job("expiry", "Points expiry", DAY, lambda c: c.jobs.expiry, expiry.expire_points),
    Job("tiers", "Tier evaluation", DAY, lambda c: c.jobs.tiers, tiers.evaluate_tiers),
    Job("regroup", "Segments and behaviour groups", WEEK, lambda c: c.jobs.regroup, _regroup),
    Job("replenishment", "Replenishment due list", DAY, lambda c: c.jobs.replenishment,
        lambda ctx: {"due_rows": replenishment.refresh_due(ctx)}),
    Job("offers", "Automatic churn offers", DAY, lambda c: c.jobs.offers, offers.issue_lapse_offers, steps=True),
]
STEP_SCALE = 1000     # a job that reports steps moves the bar within its own share: (job + done/total) × this


def register(job: Job) -> None:
    """Adds (or replaces, by key) a job; it runs after those already listed."""
    JOBS[:] = [j for j in JOBS if j.key != job.key] + [job]


def period_of(job: Job, now: datetime) -> str:
    if job.every == WEEK:
        year, week, _ = now.isocalendar()
        return f"{year}-W{week:02d}"
    return now.date().isoformat()


def _summary(value: object) -> dict:
    if is_dataclass(value) and not isinstance(value, type):
        value = {k: v for k, v in asdict(value).items() if k != "changes"}
    return json.loads(json.dumps(value if isinstance(value, dict) else {"result": value}, default=str))


def _claim(ctx: AppContext, job: str, period: str) -> tuple[int | None, str]:
    """(run id, "") when this till won the (job, period) run, else (None, why not)."""
    now = ctx.clock()
    with ctx.write() as session:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        won = session.execute(insert(JobRun).values(job=job, period=period, status="running", started_at=now,
                                                    result="", till_id=ctx.till_id)
                              .on_conflict_do_nothing(index_elements=["job", "period"]).returning(JobRun.id)).scalar()
        if won is not None:
            return won, ""
        expired = now - timedelta(minutes=ctx.config.jobs.lease_minutes)
        taken = session.execute(
            update(JobRun).where(JobRun.job == job, JobRun.period == period,
                                 or_(JobRun.status == "failed",
                                     and_(JobRun.status == "running", JobRun.started_at < expired)))
            .values(status="running", started_at=now, finished_at=None, duration_ms=None, till_id=ctx.till_id)
            .returning(JobRun.id)).scalar()
        if taken is not None:
            return taken, ""
        status = session.scalar(select(JobRun.status).where(JobRun.job == job, JobRun.period == period))
    return None, "already_done" if status == "ok" else "running_elsewhere"


def _finish(ctx: AppContext, run_id: int, status: str, result: dict, duration_ms: int) -> None:
    with ctx.write() as session:
        session.execute(update(JobRun).where(JobRun.id == run_id).values(
            status=status, finished_at=ctx.clock(), duration_ms=duration_ms, result=json.dumps(result)))


def _job(key: str) -> Job:
    for job in JOBS:
        if job.key == key:
            return job
    raise BadInput("job_unknown", f"'{key}' is not a job; use one of: {', '.join(j.key for j in JOBS)}")


def _step(progress: Callable[[int, int, str], None], index: int, jobs: int, key: str, done: int, total: int) -> None:
    progress(index * STEP_SCALE + done * STEP_SCALE // max(total, 1), jobs * STEP_SCALE, key)


def run_due_jobs(ctx: AppContext, *, only: str | None = None, now: bool = False,
                 progress: Callable[[int, int, str], None] | None = None) -> list[JobOutcome]:
    """Runs every enabled job whose period has no finished run yet (or just `only`); `now`: run it
    again regardless, under a period of its own. Rule-bound and idempotent: a scheduled job.
    `progress(done, total, job)`: before each job, and within a job that reports steps (the offers),
    on a finer scale (STEP_SCALE per job), so a progress bar moves while a long job runs."""
    chosen = [_job(only)] if only else list(JOBS)
    outcomes: list[JobOutcome] = []
    for index, job in enumerate(chosen):
        if progress is not None:
            progress(index, len(chosen), job.key)
        if not job.enabled(ctx.config) and not (now and only):
            outcomes.append(JobOutcome(job.key, "disabled", {}))
            continue
        moment = ctx.clock()
        period = f"now {moment.isoformat(timespec='seconds')}" if now else period_of(job, moment)
        run_id, why_not = _claim(ctx, job.key, period)
        if run_id is None:
            outcomes.append(JobOutcome(job.key, why_not, {}))
            continue
        started = time.monotonic()
        try:
            if job.steps and progress is not None:
                step = partial(_step, progress, index, len(chosen), job.key)
                result, status = _summary(job.run(ctx, progress=step)), "ok"   # type: ignore[call-arg]
            else:
                result, status = _summary(job.run(ctx)), "ok"
        except PosError as exc:
            result, status = {"error": exc.code, "message": exc.message}, "failed"
        except Exception as exc:  # noqa: BLE001 - one job's bug must not stop the others; it is logged
            log.exception("job %s failed", job.key)
            result, status = {"error": "internal_error", "message": type(exc).__name__}, "failed"
        duration = int((time.monotonic() - started) * 1000)
        _finish(ctx, run_id, status, result, duration)
        outcomes.append(JobOutcome(job.key, status, result, duration))
    if progress is not None:
        progress(len(chosen), len(chosen), "")
    return outcomes


def job_status(ctx: AppContext) -> list[JobStatus]:
    """Each job's last run (the console's jobs panel)."""
    moment = ctx.clock()
    rows: list[JobStatus] = []
    with ctx.read() as session:
        for job in JOBS:
            last = session.scalars(select(JobRun).where(JobRun.job == job.key)
                                   .order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(1)).first()
            done = session.scalar(select(JobRun.status).where(JobRun.job == job.key,
                                                              JobRun.period == period_of(job, moment)))
            rows.append(JobStatus(job.key, job.title, job.every, job.enabled(ctx.config),
                                  last.started_at if last else None, last.status if last else None,
                                  last.duration_ms if last else None, last.result if last else "",
                                  job.enabled(ctx.config) and done != "ok"))
    return rows


def any_due(ctx: AppContext) -> bool:
    return any(s.due for s in job_status(ctx))
