"""Issue #12: backups encrypted, authenticated and manager-only; the member-QR secret kept outside the
database; private files."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, text

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import AuditEntry, QrKey
from pos.errors import PosError
from pos.services.admin import backup, backup_file, setup
from pos.services.context import AppContext
from pos.services.members import export
from pos.services.members import lookup as members
from pos.services.members import qr as member_qr
from tests.services.test_admin import PASSPHRASE, PHONE, snapshot


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def code_of(call) -> str:  # noqa: ANN001
    with pytest.raises(PosError) as err:
        call()
    return err.value.code


@pytest.fixture
def saved(ctx, manager, tmp_path):
    """A member, then an encrypted backup of the database."""
    members.enrol(ctx, PHONE, name="张三", birthday="03-15")
    target = tmp_path / "backups" / "monday.posbak"
    backup.backup(ctx, str(target), staff_id=manager.id, passphrase=PASSPHRASE)
    return target


def test_backup_is_encrypted_private_and_audited_with_the_manager(ctx, manager, saved):
    data = saved.read_bytes()
    assert data.startswith(backup_file.MAGIC) and mode(saved) == 0o600
    for clear in (b"SQLite format 3", b"PGDMP", b"+8613800138000", "张三".encode(), b"argon2"):
        assert clear not in data
    with ctx.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "backup")).one()
    assert (entry.staff_id, entry.target) == (manager.id, str(saved))
    assert not list(saved.parent.glob(".*"))      # no plain dump or temporary file left beside it


def test_backup_and_restore_are_for_managers_only(ctx, manager, cashier, saved, tmp_path):
    for who in (cashier.id, None, 999):
        assert code_of(lambda who=who: backup.backup(ctx, str(tmp_path / f"{who}.posbak"), staff_id=who,
                                                     passphrase=PASSPHRASE)) == "manager_required"
    assert code_of(lambda: backup.restore(ctx, str(saved), staff_id=cashier.id, passphrase=PASSPHRASE)) \
        == "manager_required"
    assert code_of(lambda: backup.restore(ctx, str(saved), staff_id=None, passphrase=PASSPHRASE)) \
        == "manager_pin_required"
    assert not list(tmp_path.glob("*.posbak"))
    with ctx.read() as session:
        assert session.scalar(select(text("count(*)")).select_from(AuditEntry)
                              .where(AuditEntry.action == "role_violation")) == 4


def test_restore_records_who_restored_what_in_the_restored_database(ctx, manager, saved):
    backup.restore(ctx, str(saved), staff_id=manager.id, passphrase=PASSPHRASE)
    with ctx.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "restore")).one()
    assert entry.staff_id == manager.id and entry.target == str(saved) and "M01" in entry.details


@pytest.mark.parametrize("where", ["header", "first chunk", "last byte"])
def test_a_changed_byte_is_refused_and_the_database_kept(ctx, manager, saved, where):
    data = bytearray(saved.read_bytes())
    at = {"header": len(backup_file.MAGIC) + 10, "first chunk": len(data) // 2, "last byte": len(data) - 1}[where]
    data[at] ^= 0x01
    saved.write_bytes(bytes(data))
    members.enrol(ctx, "13900139000")
    before = snapshot(ctx)
    assert code_of(lambda: backup.restore(ctx, str(saved), staff_id=manager.id, passphrase=PASSPHRASE)) in (
        "backup_auth_failed", "backup_invalid")
    assert snapshot(ctx)["members"] == before["members"]


def test_a_cut_short_backup_and_a_wrong_passphrase_are_refused(ctx, manager, saved, tmp_path):
    short = tmp_path / "short.posbak"
    short.write_bytes(saved.read_bytes()[:-200])
    assert code_of(lambda: backup.restore(ctx, str(short), staff_id=manager.id, passphrase=PASSPHRASE)) \
        == "backup_auth_failed"
    assert code_of(lambda: backup.restore(ctx, str(saved), staff_id=manager.id,
                                          passphrase="not the passphrase")) == "backup_auth_failed"
    assert code_of(lambda: backup.backup(ctx, str(tmp_path / "x.posbak"), staff_id=manager.id,
                                         passphrase="short")) == "backup_passphrase_weak"


def test_a_doctored_database_is_refused(ctx, db_url, manager, saved, tmp_path):
    """The attack of the issue: a copy with the audit log emptied and a manager PIN of the attacker's
    choosing, offered as a plain file and sealed with a key that is not the manager's."""
    if not db_url.startswith("sqlite"):
        pytest.skip("the doctored file is a SQLite database")
    from pos.services.staff.accounts import hash_pin

    doctored = tmp_path / "doctored.sqlite3"
    source = sqlite3.connect(ctx.engine.url.database)
    copy = sqlite3.connect(doctored)
    source.backup(copy)
    source.close()
    copy.executescript("DROP TRIGGER IF EXISTS audit_log_no_delete; DELETE FROM audit_log;")
    copy.execute("UPDATE staff SET pin_hash = ?", (hash_pin("0000"),))
    copy.commit()
    copy.close()
    assert code_of(lambda: backup.restore(ctx, str(doctored), staff_id=manager.id, passphrase=PASSPHRASE)) \
        == "backup_invalid"
    sealed = tmp_path / "doctored.posbak"
    backup_file.seal(doctored, {"database": "sqlite"}, {}, sealed, "the attacker's own passphrase")
    assert code_of(lambda: backup.restore(ctx, str(sealed), staff_id=manager.id, passphrase=PASSPHRASE)) \
        == "backup_auth_failed"
    with ctx.read() as session:
        assert session.scalar(select(text("count(*)")).select_from(AuditEntry)) > 0


def test_the_qr_secret_is_not_in_the_database(ctx, manager, saved):
    setup.init_database(ctx)    # as a till opens it (the PostgreSQL template may be another branch's)
    with ctx.read() as session:
        keys = list(session.scalars(select(QrKey)))
    assert keys and all(key.secret_hex == "" for key in keys)
    folder = Path(os.environ["POS_KEY_DIR"])
    key_file = folder / f"qr-{keys[0].kid}.key"
    assert mode(key_file) == 0o600 and mode(folder) == 0o700 and len(key_file.read_text()) == 64


def test_a_database_with_its_secret_inside_has_it_moved_out_at_open(ctx, manager):
    """A database from before the key store: its card keeps working and the secret leaves it."""
    secret = "ab" * 32
    setup.init_database(ctx)    # the PostgreSQL template may be another branch's
    with ctx.write() as session:
        for key in session.scalars(select(QrKey)):
            key.retired_at = ctx.clock()
        session.add(QrKey(kid="old0legacy", secret_hex=secret, created_at=ctx.clock()))
    qr = members.enrol(ctx, PHONE).qr_payload
    assert qr.split(".")[1] == "old0legacy"
    assert setup.init_database(ctx).secrets_moved == 1
    assert setup.init_database(ctx).secrets_moved == 0       # idempotent
    with ctx.read() as session:
        assert session.scalar(select(QrKey.secret_hex).where(QrKey.kid == "old0legacy")) == ""
    assert (Path(os.environ["POS_KEY_DIR"]) / "qr-old0legacy.key").read_text() == secret
    assert members.lookup(ctx, qr=qr).phone_masked == "138****8000"


def test_a_restore_on_a_new_machine_verifies_old_cards(ctx, db_url, manager, tmp_path, monkeypatch):
    qr = members.enrol(ctx, PHONE).qr_payload
    saved = tmp_path / "chain.posbak"
    backup.backup(ctx, str(saved), staff_id=manager.id, passphrase=PASSPHRASE)
    monkeypatch.setenv("POS_KEY_DIR", str(tmp_path / "new-machine-keys"))
    monkeypatch.setattr(member_qr, "_SECRETS", {})                   # a new process on another computer
    assert code_of(lambda: members.lookup(ctx, qr=qr)) == "qr_key_missing"
    if db_url.startswith("sqlite"):
        new_url = f"sqlite:///{tmp_path / 'new' / 'pos.sqlite3'}"
        new = AppContext(make_engine(new_url), load_config(), ctx.clock)
        setup.init_database(new)
    else:
        new = ctx                                                  # the shared server, a new till
    try:
        backup.restore(new, str(saved), staff_id=None if new is not ctx else manager.id, passphrase=PASSPHRASE)
        assert members.lookup(new, qr=qr).phone_masked == "138****8000"
    finally:
        if new is not ctx:
            new.engine.dispose()


def test_keys_import_gives_a_second_till_the_keys(ctx, manager, saved, tmp_path, monkeypatch):
    qr = members.member_qr_payload(ctx, members.lookup(ctx, phone=PHONE).member_id)
    monkeypatch.setenv("POS_KEY_DIR", str(tmp_path / "till-2"))
    monkeypatch.setattr(member_qr, "_SECRETS", {})
    assert code_of(lambda: members.lookup(ctx, qr=qr)) == "qr_key_missing"
    assert backup.import_keys(ctx, str(saved), staff_id=manager.id, passphrase=PASSPHRASE) == 1
    assert members.lookup(ctx, qr=qr).phone_masked == "138****8000"


def test_old_backups_are_pruned_beyond_the_kept_number(ctx, manager, tmp_path):
    from dataclasses import replace

    ctx.config = replace(ctx.config, security=replace(ctx.config.security, backup_keep=2))
    folder = tmp_path / "nightly"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    made = []
    for day in range(4):
        made.append(folder / f"day{day}.posbak")
        result = backup.backup(ctx, str(made[-1]), staff_id=manager.id, passphrase=PASSPHRASE)
        os.utime(made[-1], ns=(day * 10**9, day * 10**9))          # mtimes in the order they were made
    assert sorted(p.name for p in folder.iterdir()) == ["day2.posbak", "day3.posbak", "notes.txt"]
    assert result.pruned == (str(made[1]),)


def test_database_and_exports_are_private(ctx, db_url, manager, tmp_path):
    if db_url.startswith("sqlite"):
        fresh = tmp_path / "new-folder" / "till.sqlite3"
        engine = make_engine(f"sqlite:///{fresh}")
        setup.init_database(AppContext(engine, load_config(), ctx.clock))
        engine.dispose()
        assert mode(fresh) == 0o600 and mode(fresh.parent) == 0o700
    members.enrol(ctx, PHONE)
    csv = tmp_path / "members.csv"
    export.export_members(ctx, manager.id, str(csv), full_phone=True)
    assert mode(csv) == 0o600 and "+8613800138000" in csv.read_text(encoding="utf-8-sig")
