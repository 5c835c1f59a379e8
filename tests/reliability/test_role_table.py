"""The table of who may do what (pos/services/staff/roles.py, printed in docs/SECURITY.md) walked
against the code: every `pos` command of the real parser and every public use case of
pos/services has a role, every manager's use case takes the acting staff id, and every manager's
command, run with a cashier's PIN or with none, is refused with nothing changed."""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy import inspect as schema

import pos.services
from pos.cli.main import main
from pos.cli.parser import build_parser
from pos.config import DEFAULT_CONFIG_PATH, load_config
from pos.db.engine import make_engine
from pos.services.admin import backup
from pos.services.campaigns import campaign as campaigns
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.sales import checkout
from pos.services.sales.cart import LineInput
from pos.services.segments import rfm
from pos.services.staff import roles
from pos.services.staff.accounts import create_staff
from tests.databases import NOW, sqlite_url
from tests.reliability.conftest import TRIED

SECURITY_MD = Path(__file__).resolve().parents[2] / "docs" / "SECURITY.md"
PHONE = "13800138000"
PASSPHRASE = "correct horse battery"
REFUSED = {"manager_pin_required", "pin_invalid", "manager_required"}
RECORDS_OF_REFUSALS = {"audit_log", "till_pin_failures"}      # a refusal is written down there, on purpose


def pos_commands() -> set[str]:
    """"pos member enrol", "pos audit verify"...: every command the real parser accepts."""
    found: set[str] = set()

    def walk(parser: argparse.ArgumentParser, words: list[str]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        for action in subs:
            for name, child in action.choices.items():
                walk(child, [*words, name])
        if not subs:
            found.add(" ".join(words))
            for action in parser._actions:          # `pos audit [verify]`: a positional with choices
                if action.dest == "action" and action.choices:
                    found.update(" ".join([*words, choice]) for choice in action.choices)
    walk(build_parser(), ["pos"])
    return found


def use_cases() -> dict[str, object]:
    """Every public function of pos/services that takes the store (`ctx`) first."""
    found = {}
    for info in pkgutil.walk_packages(pos.services.__path__, "pos.services."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_")
                    and next(iter(inspect.signature(value).parameters), None) == "ctx"):
                found[f"{info.name.removeprefix('pos.services.')}.{name}"] = value
    return found


def test_every_command_has_a_role():
    assert pos_commands() - set(roles.COMMANDS) == set(), "add these commands to roles.COMMANDS"
    assert set(roles.COMMANDS) - pos_commands() == set(), "roles.COMMANDS names commands that do not exist"


def test_every_use_case_has_a_role():
    found = use_cases()
    assert set(found) - set(roles.USE_CASES) == set(), "add these use cases to roles.USE_CASES"
    assert set(roles.USE_CASES) - set(found) == set(), "roles.USE_CASES names use cases that do not exist"


def test_a_managers_use_case_is_told_who_acts():
    """The service checks the role of the acting staff member, so it must be given one."""
    found = use_cases()
    blind = [name for name, (role, _) in roles.USE_CASES.items() if role in (roles.MANAGER, roles.CHAIN_ADMIN)
             and not {"actor_id", "staff_id"} & set(inspect.signature(found[name]).parameters)]
    assert blind == []


def test_security_md_shows_the_table():
    assert roles.markdown_tables() in SECURITY_MD.read_text(encoding="utf-8"), \
        "regenerate the tables in docs/SECURITY.md from roles.markdown_tables()"


# ---------------------------------------------------------------- the manager's commands, as a cashier

@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store with a manager (8888), a cashier (1234), a member, a sale, a campaign, a coupon and a
    backup: something for every manager's command to act on."""
    folder = tmp_path_factory.mktemp("roles")
    url = sqlite_url(folder)
    ctx = AppContext(make_engine(url), load_config(), lambda: NOW)
    manager = create_staff(ctx, "M01", "Manager One", "manager", "8888")
    create_staff(ctx, "C01", "Cashier One", "cashier", "1234")
    member_id = members.enrol(ctx, PHONE, name="Li", consent=True).member.member_id   # campaigns need consent
    checkout.checkout(ctx, checkout.CheckoutRequest(lines=[LineInput(name="Tea", price_fen=2000)], member_phone=PHONE))
    rfm.compute_segments(ctx)
    spec = coupons.parse_spec("cash", "5")
    campaign = campaigns.issue_campaign(ctx, manager.id, "June", campaigns.Audience(segment="New"), spec)
    code = coupons.issue_coupons(ctx, manager.id, spec, member_id=member_id).codes[0]
    saved = folder / "saved.posbak"
    backup.backup(ctx, str(saved), staff_id=manager.id, passphrase=PASSPHRASE)
    ctx.engine.dispose()
    out = folder / "out"
    out.mkdir()
    return {"url": url, "out": out, "campaign": str(campaign.campaign_id), "code": code, "backup": str(saved)}


def sample_arguments(s, out: Path) -> dict[str, list[str]]:
    """A valid call of every manager's command (a new one must be added here), writing into `out`."""
    staff = ["--code", "C01"]
    return {
        "pos settings save": ["settings", "save", str(DEFAULT_CONFIG_PATH)],
        "pos member erase": ["member", "erase", "--phone", PHONE],
        "pos coupon issue": ["coupon", "issue", "--kind", "cash", "--value", "5", "--count", "2"],
        "pos coupon sheet": ["coupon", "sheet", s["code"], "--pdf", str(out / "sheet.pdf")],
        "pos fraud": ["fraud"],
        "pos members export": ["members", "export", str(out / "members.csv"), "--full-phone"],
        "pos points adjust": ["points", "adjust", "--phone", PHONE, "--points", "500", "--reason", "gift"],
        "pos backup": ["backup", str(out / "new.posbak")],
        "pos restore": ["restore", s["backup"]],
        "pos audit": ["audit"],
        "pos audit verify": ["audit", "verify"],
        "pos keys rotate": ["keys", "rotate"],
        "pos keys import": ["keys", "import", s["backup"]],
        "pos staff add": ["staff", "add", "--code", "M02", "--name", "X", "--role", "manager", "--pin", "97531"],
        "pos staff list": ["staff", "list"],
        "pos staff reset-pin": ["staff", "reset-pin", *staff, "--pin", "24680"],
        "pos staff deactivate": ["staff", "deactivate", *staff],
        "pos staff activate": ["staff", "activate", *staff],
        "pos campaign issue": ["campaign", "issue", "--name", "July", "--segment", "New", "--kind", "cash",
                               "--value", "5"],
        "pos campaign list": ["campaign", "list"],
        "pos campaign export": ["campaign", "export", s["campaign"], str(out / "campaign.csv"), "--full-phone"],
        "pos campaign sheet": ["campaign", "sheet", s["campaign"], "--pdf", str(out / "campaign.pdf")],
        "pos report": ["report", "sales_per_day", "--from", "2026-06-01", "--to", "2026-06-10",
                       "--csv", str(out / "report.csv")],
        "pos rewards save": ["rewards", "save", "--code", "C5", "--name", "¥5 coupon", "--points", "500",
                             "--coupon", "cash", "--value", "5", "--stock", "10"],
        "pos product consumable": ["product", "consumable", "--sku", "BIG", "--cycle-days", "30"],
        "pos store list": ["store", "list"],
        "pos store add": ["store", "add", "--code", "S02", "--name", "Pudong"],
        "pos till add": ["till", "add", "--store", "S01"],
        "pos till list": ["till", "list"],
    }


def everything(url: str) -> dict[str, list[tuple]]:
    """Every row of every table but the records of refusals."""
    engine = create_engine(url)
    with engine.connect() as conn:
        tables = sorted(set(schema(conn).get_table_names()) - RECORDS_OF_REFUSALS)
        rows = {t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr) for t in tables}
    engine.dispose()
    return rows


def run_pos(store, monkeypatch, capsys, args: list[str], till: str) -> tuple[int, dict]:
    monkeypatch.setenv("POS_DATABASE_URL", store["url"])
    monkeypatch.setenv("POS_NOW", NOW.isoformat())
    monkeypatch.setenv("POS_TILL_ID", till)              # each attempt at its own till: no back-off
    monkeypatch.setenv("POS_BACKUP_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("POS_CONFIG", raising=False)
    capsys.readouterr()
    status = main([*args, "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_a_managers_commands_refuse_a_cashier_and_no_pin(store, monkeypatch, capsys):
    managers = sorted(name for name, (role, _) in roles.COMMANDS.items() if role in (roles.MANAGER, roles.CHAIN_ADMIN))
    samples = sample_arguments(store, store["out"])
    assert sorted(samples) == managers, "give every manager's command a sample call here"
    before, allowed = everything(store["url"]), []
    for number, name in enumerate(managers):
        for pin, who in ((["--manager-pin", "1234"], "cashier"), ([], "no PIN")):
            TRIED["role_violations"] += 1
            status, body = run_pos(store, monkeypatch, capsys, [*samples[name], *pin], f"roles-{number}-{who}")
            if status != 1 or body.get("error", {}).get("code") not in REFUSED:
                allowed.append((name, who, status, body))
    assert allowed == []
    assert everything(store["url"]) == before
    assert list(store["out"].iterdir()) == []


def test_the_sample_calls_work_for_a_manager(store, monkeypatch, capsys, tmp_path):
    """So a refusal above is the role's doing, not a wrong sample. Read-only samples only (the
    others are covered with the manager's PIN in tests/cli)."""
    samples = sample_arguments(store, tmp_path)
    for number, name in enumerate(["pos fraud", "pos audit", "pos staff list", "pos campaign list", "pos report",
                                   "pos coupon sheet", "pos campaign sheet"]):
        status, body = run_pos(store, monkeypatch, capsys, [*samples[name], "--manager-pin", "8888"], f"ok-{number}")
        assert status == 0, (name, body)
