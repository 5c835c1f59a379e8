"""`--store` on `pos report campaign_uplift` and the lifecycle/offer reports, driven as a subprocess:
one store's figures for a chain administrator, their own store for a store manager (another store
refused), an unknown store named."""

from __future__ import annotations

from tests.cli import test_cli
from tests.cli.test_cli import error_code

run = test_cli.run          # the subprocess fixture, shared
RANGE = ("--from", "2026-06-10", "--to", "2026-06-10")


def test_store_on_the_uplift_and_lifecycle_reports(run):
    run("init")
    run("staff", "add", "--code", "M01", "--name", "Wang", "--role", "manager", "--pin", "8888")
    run("store", "add", "--code", "S02", "--name", "Pudong", "--manager-pin", "8888")
    run("till", "add", "--store", "S02", "--manager-pin", "8888")
    phones = {"S01-1": [f"1380013{i:04d}" for i in range(4)], "S02-1": [f"1390013{i:04d}" for i in range(3)]}
    for till, numbers in phones.items():
        for phone in numbers:
            run("member", "enrol", "--phone", phone, "--consent", "--till", till)
    run("jobs", "run")                                                   # segments: all New
    issued = run("campaign", "issue", "--name", "New ones", "--segment", "New", "--kind", "amount", "--value", "5",
                 "--holdout", "50", "--manager-pin", "8888")
    assert issued["issued"] + issued["holdout"] == 7
    for till, numbers in phones.items():
        for phone in numbers:
            run("sale", "--member", phone, "--line", "name=Tea,price=30.00", "--till", till)
    campaign = ("report", "campaign_uplift", "--campaign", str(issued["campaign_id"]), "--days", "30")
    chain = run(*campaign, "--manager-pin", "8888")
    s01 = run(*campaign, "--store", "S01", "--manager-pin", "8888")
    s02 = run(*campaign, "--store", "s02", "--manager-pin", "8888")
    assert (chain["store"], s02["store"]) == (None, "s02")
    assert [r["issued"] + r["holdout"] for r in (chain, s01, s02)] == [7, 4, 3]
    assert (s01["issued"] + s02["issued"], s01["holdout"] + s02["holdout"]) == (chain["issued"], chain["holdout"])
    offers = {store: run("report", "offer_redemption", *RANGE, *(["--store", store] if store else []),
                         "--manager-pin", "8888") for store in (None, "S01", "S02")}
    issued_col = offers[None]["columns"].index("issued")
    assert [sum(row[issued_col] for row in offers[s]["rows"]) for s in (None, "S01", "S02")] == [7, 4, 3]
    assert run("report", "coupon_use_days", *RANGE, "--store", "S02", "--manager-pin", "8888")["store"] == "S02"
    assert error_code(run(*campaign, "--store", "S09", "--manager-pin", "8888", expect=1)) == "store_unknown"

    run("staff", "add", "--code", "M02", "--name", "Zhou", "--role", "manager", "--pin", "97531", "--store", "S02",
        "--manager-pin", "8888")
    own = run(*campaign, "--manager-pin", "97531")                       # their store by default
    assert (own["issued"], own["holdout"]) == (s02["issued"], s02["holdout"])
    assert error_code(run(*campaign, "--store", "S01", "--manager-pin", "97531", expect=1)) == "store_not_yours"
    mine = run("report", "offer_redemption", *RANGE, "--manager-pin", "97531")
    assert mine["rows"] == offers["S02"]["rows"]
