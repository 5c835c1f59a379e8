"""`--offline-journal`, `pos sync`, `pos till status` (#17), driven as a subprocess: the database in
`--db` refuses the connection (a closed port), the till answers from its journal and card cache."""

from __future__ import annotations

from pathlib import Path

from tests.cli import test_cli
from tests.cli.test_cli import add_products, error_code

run = test_cli.run          # the subprocess fixture, shared
DOWN = "postgresql+psycopg://pos:x@127.0.0.1:1/pos"


def test_a_till_answers_from_its_journal_when_the_database_is_down(run, tmp_path):
    journal = str(tmp_path / "till.journal")
    run("init")
    add_products(run)
    enrolled = run("member", "enrol", "--phone", "13800138000", "--name", "Li")
    run("sale", "--line", "BIG", "--member", "13800138000")                       # 1,000 points
    assert error_code(run("sync", expect=2)) == "usage"                           # no journal named
    synced = run("sync", "--offline-journal", journal)
    assert (synced["pushed"], synced["cached_members"]) == (0, 1)
    assert run("till", "status", "--offline-journal", journal)["online"] is True

    shown = run("member", "show", "--phone", "138 0013 8000", "--db", DOWN, "--offline-journal", journal)
    assert shown["offline"] is True and shown["points"] == 1000 and shown["phone_masked"] == ""
    sold = run("sale", "--line", "LAT", "--member", "13800138000", "--redeem", "100", "--db", DOWN,
               extra_env={"POS_OFFLINE_JOURNAL": journal})
    assert sold["offline"] is True and sold["receipt_no"] == "S01-1-260610-X0001" and sold["queued"] == 1
    assert error_code(run("sale", "--line", "LAT", "--member", "13800138000", "--redeem", "500", "--db", DOWN,
                          "--offline-journal", journal, expect=1)) == "offline_cap_exceeded"
    assert error_code(run("sale", "--line", "LAT", "--coupon", "CZZZZZZZZZ", "--db", DOWN,
                          "--offline-journal", journal, expect=1)) == "offline_coupon_unknown"
    status = run("till", "status", "--db", DOWN, "--offline-journal", journal)
    assert (status["online"], status["queued"]) == (False, 1)
    assert error_code(run("sale", "--line", "LAT", "--db", DOWN, expect=1)) == "database_unavailable"   # no journal

    back = run("sync", "--offline-journal", journal)
    assert (back["pushed"], back["already_there"], back["overdraws"]) == (1, 0, 0)
    assert run("till", "status", "--offline-journal", journal)["queued"] == 0
    assert run("member", "show", "--phone", "13800138000")["points"] == 1000 - 100 + sold["points_earned"]
    assert run("return", sold["receipt_no"])["receipt_no"] == sold["receipt_no"]
    assert enrolled["member_id"] == shown["member_id"]


def test_an_offline_sale_prints_as_usual(run, tmp_path):
    from pathlib import Path

    from tests.printing.readback import pdf_text

    journal = str(tmp_path / "till.journal")
    run("init")
    add_products(run)
    run("sync", "--offline-journal", journal)
    folder = tmp_path / "receipts"
    config = tmp_path / "store.toml"
    default = (Path(__file__).resolve().parents[2] / "assets" / "config.toml").read_text(encoding="utf-8")
    config.write_text(default.replace('target = ""', f'target = "{folder}"', 1), encoding="utf-8")
    sold = run("sale", "--line", "LAT:2", "--print", "--db", DOWN, "--offline-journal", journal,
               extra_env={"POS_CONFIG": str(config)})
    assert sold["offline"] is True and sold["print_error"] is None
    printed = Path(sold["printed_to"])
    assert printed.parent == folder and sold["receipt_no"] in pdf_text(printed.read_bytes())


def test_the_cashier_who_sold_offline_is_recorded_and_carried_to_the_central_sale(run, tmp_path):
    from sqlalchemy import create_engine, text

    from tests.printing.readback import pdf_text

    journal = str(tmp_path / "till.journal")
    run("init")
    add_products(run)
    run("staff", "add", "--code", "M01", "--name", "Boss", "--role", "manager", "--pin", "8888")
    run("staff", "add", "--code", "C07", "--name", "Zhou Min", "--role", "cashier", "--pin", "2468",
        "--manager-pin", "8888")
    # online at this till with their PIN: the journal keeps that PIN keyed, so C07 may sell offline
    run("sale", "--line", "LAT", "--cashier", "C07", "--cashier-pin", "2468", "--offline-journal", journal)
    run("sync", "--offline-journal", journal)
    text_of_journal = Path(journal).read_bytes()
    assert b"2468" not in text_of_journal

    assert error_code(run("sale", "--line", "LAT", "--cashier", "C07", "--cashier-pin", "1111", "--db", DOWN,
                          "--offline-journal", journal, expect=1)) == "pin_invalid"
    assert error_code(run("sale", "--line", "LAT", "--cashier", "C07", "--db", DOWN,
                          "--offline-journal", journal, expect=1)) == "cashier_pin_required"
    folder = tmp_path / "receipts"
    config = tmp_path / "store.toml"
    default = (Path(__file__).resolve().parents[2] / "assets" / "config.toml").read_text(encoding="utf-8")
    config.write_text(default.replace('target = ""', f'target = "{folder}"', 1), encoding="utf-8")
    sold = run("sale", "--line", "LAT", "--cashier", "C07", "--cashier-pin", "2468", "--print", "--db", DOWN,
               "--offline-journal", journal, extra_env={"POS_CONFIG": str(config)})
    assert sold["offline"] is True and sold["cashier"] == "C07"
    assert "Zhou Min" in pdf_text(Path(sold["printed_to"]).read_bytes())      # the receipt names the cashier

    assert run("sync", "--offline-journal", journal)["pushed"] == 1
    engine = create_engine(run.env["POS_DATABASE_URL"])
    with engine.connect() as conn:
        cashier = conn.execute(text("SELECT s.code FROM sales x JOIN staff s ON s.id = x.cashier_id "
                                    "WHERE x.receipt_no = :no"), {"no": sold["receipt_no"]}).scalar_one()
    engine.dispose()
    assert cashier == "C07"
