"""`pos store ...`, `pos till ...`, `--till` / POS_TILL and `--store`, driven as a subprocess."""

from __future__ import annotations

from tests.cli import test_cli
from tests.cli.test_cli import error_code

run = test_cli.run          # the subprocess fixture, shared
DAY = "260610"


def test_stores_and_tills_from_the_command_line(run, tmp_path):
    run("init")
    run("staff", "add", "--code", "M01", "--name", "Wang", "--role", "manager", "--pin", "8888")
    added = run("store", "add", "--code", "s02", "--name", "Pudong", "--address", "1 Century Ave",
                "--header", "Pudong welcomes you", "--group-url", "member=https://s02.example.com/g",
                "--manager-pin", "8888")["store"]
    assert (added["code"], added["name"], added["group_urls"]) == ("S02", "Pudong", {"member": "https://s02.example.com/g"})
    assert run("till", "add", "--store", "S02", "--manager-pin", "8888") == {"till": "S02-1"}
    assert run("till", "add", "--store", "S02", "--number", "5", "--manager-pin", "8888") == {"till": "S02-5"}
    assert error_code(run("till", "add", "--store", "S09", "--manager-pin", "8888", expect=1)) == "store_unknown"
    listed = run("till", "list", "--manager-pin", "8888")
    assert listed == {"tills": [{"till": "S01-1", "store": "S01"}, {"till": "S02-1", "store": "S02"},
                                {"till": "S02-5", "store": "S02"}], "this_till": "S01-1"}

    first = run("sale", "--line", "name=Tea,price=10.00")                       # no --till: the first till
    assert (first["receipt_no"], first["store"], first["till"]) == (f"S01-1-{DAY}-0001", "S01", "S01-1")
    second = run("sale", "--line", "name=Tea,price=20.00", "--till", "S02-5")
    assert (second["receipt_no"], second["store"], second["till"]) == (f"S02-5-{DAY}-0001", "S02", "S02-5")
    third = run("sale", "--line", "name=Tea,price=30.00", extra_env={"POS_TILL": "s02-5"})
    assert third["receipt_no"] == f"S02-5-{DAY}-0002"
    assert error_code(run("sale", "--line", "name=Tea,price=1.00", "--till", "S02-9", expect=1)) == "till_unknown"
    back = run("return", third["receipt_no"].lower(), "--till", "S01-1")
    assert back["return_no"] == f"S01-1-{DAY}-T0001"

    report = run("report", "sales_per_day", "--from", "2026-06-10", "--to", "2026-06-10", "--store", "S02",
                 "--manager-pin", "8888")
    assert (report["store"], report["rows"][0][1:3]) == ("S02", [2, 5000])
    chain = run("report", "sales_per_day", "--from", "2026-06-10", "--to", "2026-06-10", "--manager-pin", "8888")
    assert chain["rows"][0][1:3] == [3, 6000]

    run("staff", "add", "--code", "M02", "--name", "Zhou", "--role", "manager", "--pin", "97531", "--store", "S02",
        "--manager-pin", "8888")
    own = run("report", "sales_per_day", "--from", "2026-06-10", "--to", "2026-06-10", "--manager-pin", "97531")
    assert own["rows"][0][1:3] == [2, 5000]                                     # their store by default
    assert error_code(run("report", "sales_per_day", "--from", "2026-06-10", "--to", "2026-06-10", "--store", "S01",
                          "--manager-pin", "97531", expect=1)) == "store_not_yours"
    assert error_code(run("store", "add", "--code", "S03", "--name", "Xuhui", "--manager-pin", "97531",
                          expect=1)) == "chain_admin_required"
    assert [s["code"] for s in run("store", "list", "--manager-pin", "97531")["stores"]] == ["S02"]
    assert run("members", "export", str(tmp_path / "m.csv"), "--store", "S02", "--manager-pin", "8888")["rows"] == 0
