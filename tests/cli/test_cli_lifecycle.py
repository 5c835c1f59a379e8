"""`pos jobs run`, `pos product consumable`, `pos member show` (groups, due), `pos campaign issue --holdout`
and `pos report campaign_uplift`, driven as a subprocess."""

from __future__ import annotations

from tests.cli import test_cli
from tests.cli.test_cli import add_products, error_code

run = test_cli.run          # the subprocess fixture, shared
PHONES = [f"1380013{i:04d}" for i in range(12)]


def test_jobs_groups_due_holdout_and_uplift(run, tmp_path):
    run("init")
    run("staff", "add", "--code", "M01", "--name", "Wang", "--role", "manager", "--pin", "8888")
    add_products(run)
    assert run("product", "consumable", "--sku", "LAT", "--cycle-days", "10", "--manager-pin", "8888")["consumable"]
    assert error_code(run("product", "consumable", "--sku", "NOPE", "--manager-pin", "8888", expect=1)) \
        == "product_unknown"
    for phone in PHONES:
        run("member", "enrol", "--phone", phone, "--consent")
    for day in ("2026-05-01", "2026-05-21"):          # exactly 2 purchases 20 days apart: cycle 20
        run("sale", "--member", PHONES[0], "--line", "LAT", "--pay", "cash", now=f"{day}T10:00:00")
    run("sale", "--member", PHONES[1], "--line", "BIG", "--pay", "cash", now="2026-03-01T10:00:00")   # 101 days
    first = run("jobs", "run")
    assert sorted(r["job"] for r in first["ran"]) == ["expiry", "offers", "regroup", "replenishment", "tiers"]
    assert {r["status"] for r in first["ran"]} == {"ok"}
    offers = next(r for r in first["ran"] if r["job"] == "offers")["result"]
    assert offers["issued"]["win_back"] == 1
    second = run("jobs", "run")
    assert second["ran"] == [] and {s["reason"] for s in second["skipped"]} == {"already_done"}
    shown = run("member", "show", "--phone", PHONES[0])
    assert shown["due"] == [{"product": "Latte", "days_since": 20, "due_on": "2026-06-07"}]
    assert shown["groups"] == [] and shown["churn_stage"] is None
    lapsed = run("member", "show", "--phone", PHONES[1])
    assert lapsed["groups"] == ["sleeping"] and lapsed["churn_stage"] == "win_back"
    status = {j["job"]: j for j in run("jobs", "status")["jobs"]}
    assert status["offers"]["last_status"] == "ok" and status["offers"]["due"] is False
    assert error_code(run("jobs", "run", "--job", "nope", expect=2)) == "job_unknown"

    sleepers = run("campaign", "issue", "--name", "Sleepers", "--group", "Sleeping", "--kind", "amount", "--value",
                   "5", "--manager-pin", "8888")
    assert (sleepers["issued"], sleepers["holdout"]) == (1, 0)
    issued = run("campaign", "issue", "--name", "New ones", "--segment", "New", "--kind", "amount", "--value", "5",
                 "--holdout", "50", "--manager-pin", "8888")
    assert issued["issued"] + issued["holdout"] == 10 and issued["holdout"] >= 1      # never bought: New
    due = run("campaign", "issue", "--name", "Latte due", "--due-within", "0", "--kind", "amount", "--value", "3",
              "--manager-pin", "8888")
    assert (due["issued"], due["holdout"]) == (1, 0)
    uplift = run("report", "campaign_uplift", "--campaign", str(issued["campaign_id"]), "--days", "30",
                 "--csv", str(tmp_path / "uplift.csv"), "--manager-pin", "8888")
    assert (uplift["issued"], uplift["holdout"]) == (issued["issued"], issued["holdout"])
    assert uplift["significant"] is False and "not significant" in uplift["verdict"]
    assert uplift["incremental_revenue"] == "0.00" and len(uplift["ci95"]) == 2
    assert (tmp_path / "uplift.csv").read_text(encoding="utf-8-sig").startswith("group,members,buyers")
    assert error_code(run("report", "campaign_uplift", "--manager-pin", "8888", expect=2)) == "usage"
    use = run("report", "coupon_use_days", "--from", "2026-06-01", "--to", "2026-06-10", "--manager-pin", "8888")
    assert use["columns"] == ["days", "coupons"]
