"""The offline till (#17) against a real journal file and a real central database (SQLite and
PostgreSQL): selling offline with the same pricing, the limits, the cache's privacy, QR checks
offline, sync exactly once, overdraws on conflicts, returns of offline sales after sync."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pos.db.models import AuditEntry, Coupon, LedgerEntry, Member, PointsLot, Sale, Staff
from pos.errors import PosError
from pos.services import offline
from pos.services.members import lookup as members
from pos.services.offline import selling
from pos.services.points import ledger
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput
from pos.vocabulary import parse_document_no

PHONE = "13800138000"


@pytest.fixture
def journal(tmp_path):
    j = offline.open_journal(tmp_path / "till" / "journal.sqlite3")
    yield j
    j.close()


@pytest.fixture
def member(ctx, products):
    """A Silver member (10 % off) with 2,000 points and a ¥5 welcome coupon."""
    enrolled = members.enrol(ctx, PHONE, name="Li")
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))   # 1,000 points
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))   # -> silver
    return enrolled


def sell_offline(ctx, journal, *skus, redeem=0, coupon=None, phone=PHONE, qr=None, sale_id=None, config=None):
    return offline.sell(journal, config or ctx.config, ctx.clock(), co.CheckoutRequest(
        lines=[LineInput(sku=s) for s in skus], member_phone=phone, member_qr=qr, coupon_code=coupon,
        redeem_points=redeem, sale_id=sale_id))


def balance_equals_ledger(ctx):
    with ctx.read() as s:
        for m in s.scalars(select(Member)):
            ledger = s.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0)).where(LedgerEntry.member_id == m.id))
            lots = s.scalar(select(func.coalesce(func.sum(PointsLot.remaining), 0)).where(PointsLot.member_id == m.id))
            assert m.points_balance == ledger == lots >= 0


def overdraws(ctx):
    with ctx.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "offline_overdraw")))


def test_offline_sale_is_priced_like_online_and_synced_exactly_once(ctx, journal, member, clock):
    offline.refresh_cache(ctx, journal)
    quoted = co.quote(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT", qty=2)], member_phone=PHONE,
                                              redeem_points=200))
    clock.moment += timedelta(minutes=5)
    sold = offline.sell(journal, ctx.config, ctx.clock(), co.CheckoutRequest(
        lines=[LineInput(sku="LAT", qty=2)], member_phone=PHONE, redeem_points=200))
    assert (sold.tier_discount_fen, sold.points_value_fen, sold.total_due_fen) == (
        quoted.tier_discount_fen, quoted.points_value_fen, quoted.total_due_fen)
    number = parse_document_no(sold.receipt_no)
    assert number is not None and number.offline and str(number) == sold.receipt_no
    assert sold.receipt_no.startswith("S01-1-") and "-X0001" in sold.receipt_no
    assert journal.queued() == 1

    clock.moment += timedelta(hours=1)
    first = offline.sync(ctx, journal)
    assert (first.pushed, first.already_there, first.overdraws) == (1, 0, 0)
    assert journal.queued() == 0
    with ctx.read() as s:
        sale = s.scalars(select(Sale).where(Sale.sale_uuid == sold.sale_id)).one()
        assert (sale.receipt_no, sale.total_fen, sale.points_redeemed) == (sold.receipt_no, sold.total_due_fen, 200)
        assert sale.created_at == sold.created_at         # booked at the time it was sold, not at sync
        assert sale.points_earned == sold.points_earned   # earned offline, booked at sync
        assert [(line.sku, line.qty, line.unit_price_fen) for line in sale.lines] == [("LAT", 2, 2800)]
    assert offline.sync(ctx, journal).pushed == 0
    # a till killed after the central commit, before the journal marked the sale: pushed again, found there
    journal.conn.execute("UPDATE sales SET pushed_at = NULL")
    again = offline.sync(ctx, journal)
    assert (again.pushed, again.already_there) == (0, 1)
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Sale).where(Sale.sale_uuid == sold.sale_id)) == 1
    balance_equals_ledger(ctx)


def test_a_sale_retried_with_its_sale_id_is_journaled_once(ctx, journal, member):
    offline.refresh_cache(ctx, journal)
    sale_id = str(uuid.uuid4())
    one = sell_offline(ctx, journal, "LAT", sale_id=sale_id)
    two = sell_offline(ctx, journal, "LAT", sale_id=sale_id)
    assert two.replayed and two.receipt_no == one.receipt_no and journal.queued() == 1


def test_offline_and_central_numbers_never_meet(ctx, journal, member):
    offline.refresh_cache(ctx, journal)
    sold = sell_offline(ctx, journal, "LAT")
    online = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")]))
    assert online.receipt_no.endswith("-0003") and sold.receipt_no.endswith("-X0001")
    offline.sync(ctx, journal)
    later = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")]))
    assert later.receipt_no.endswith("-0004")      # the journal's sale took nothing from the central sequence


def test_redemption_is_capped_per_member_per_day_at_this_till(ctx, journal, member, clock):
    offline.refresh_cache(ctx, journal)
    sell_offline(ctx, journal, "BIG", redeem=300)
    with pytest.raises(PosError) as refused:
        sell_offline(ctx, journal, "BIG", redeem=300)
    assert refused.value.code == "offline_cap_exceeded" and "200 left" in refused.value.message
    sell_offline(ctx, journal, "BIG", redeem=200)
    clock.moment += timedelta(days=1)
    sell_offline(ctx, journal, "BIG", redeem=500)            # a new day
    off = dataclasses.replace(ctx.config, points=dataclasses.replace(ctx.config.points, offline_redeem_cap=0))
    with pytest.raises(PosError) as none:
        sell_offline(ctx, journal, "BIG", redeem=100, config=off)
    assert none.value.code == "offline_cap_exceeded"


def test_a_coupon_is_taken_offline_only_if_the_cache_shows_it_unused(ctx, journal, member):
    offline.refresh_cache(ctx, journal)
    with pytest.raises(PosError) as unknown:
        sell_offline(ctx, journal, "LAT", coupon="CNOTACOUPON")
    assert unknown.value.code == "offline_coupon_unknown"
    sold = sell_offline(ctx, journal, "LAT", coupon=member.welcome_coupon)
    assert sold.coupon_discount_fen == 500
    with pytest.raises(PosError) as twice:
        sell_offline(ctx, journal, "LAT", coupon=member.welcome_coupon)
    assert twice.value.code == "offline_coupon_unknown"
    assert offline.sync(ctx, journal).overdraws == 0
    with ctx.read() as s:
        assert s.scalar(select(Coupon.status).where(Coupon.code == member.welcome_coupon)) == "used"


def test_conflicts_become_audited_overdraws_and_no_balance_goes_negative(ctx, journal, member):
    offline.refresh_cache(ctx, journal)
    sold = sell_offline(ctx, journal, "BIG", redeem=500, coupon=member.welcome_coupon)
    # meanwhile, online at another till: the coupon is used and the points are spent down to 200
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], member_phone=PHONE,
                                        coupon_code=member.welcome_coupon))
    with ctx.write() as s:
        now = s.scalar(select(Member.points_balance).where(Member.id == member.member.member_id))
        ledger.adjust(s, ctx.config.points, member.member.member_id, 200 - now, ctx.clock(), staff_id=None,
                      reason="spent online")
    left = 200
    result = offline.sync(ctx, journal)
    assert result.overdraws == 1
    short = 500 - left
    assert result.overdraw_fen == 500 + short        # the ¥5 coupon and the points no longer there (100 = ¥1)
    journal.conn.execute("UPDATE sales SET pushed_at = NULL")     # killed before the journal marked it
    replayed = offline.sync(ctx, journal)
    assert (replayed.already_there, replayed.overdraws, replayed.overdraw_fen) == (1, 1, result.overdraw_fen)
    [entry] = overdraws(ctx)
    assert entry.target == sold.receipt_no and f'"points": {short}' in entry.details
    with ctx.read() as s:
        assert s.scalar(select(Member.points_balance).where(Member.id == member.member.member_id)) >= 0
        sale = s.scalars(select(Sale).where(Sale.sale_uuid == sold.sale_id)).one()
        assert sale.total_fen == sold.total_due_fen      # what the customer paid stands
    balance_equals_ledger(ctx)


def test_the_cache_holds_no_clear_phone_numbers(ctx, journal, member, tmp_path):
    offline.refresh_cache(ctx, journal)
    journal.conn.execute("PRAGMA wal_checkpoint(FULL)")
    files = [p for p in (tmp_path / "till").iterdir() if p.is_file()]
    assert files and all(p.stat().st_mode & 0o777 == 0o600 for p in files)     # the journal and its -wal/-shm
    raw = b"".join(p.read_bytes() for p in files)
    for form in (PHONE, "+86" + PHONE, "86" + PHONE, PHONE[-8:], "138 0013 8000"):
        assert form.encode() not in raw
    card = offline.member_card(journal, ctx.config, ctx.clock(), phone="+86 138-0013-8000")
    assert card.member_id == member.member.member_id and card.tier_key == "silver"
    with pytest.raises(PosError) as unknown:
        offline.member_card(journal, ctx.config, ctx.clock(), phone="13900000000")
    assert unknown.value.code == "member_not_found"


def test_member_qr_is_checked_offline(ctx, journal, member):
    offline.refresh_cache(ctx, journal)
    payload = members.member_qr_payload(ctx, member.member.member_id)
    card = offline.member_card(journal, ctx.config, ctx.clock(), qr=payload)
    assert card.member_id == member.member.member_id
    forged = payload[:-2] + ("AA" if not payload.endswith("AA") else "BB")
    other = payload.replace(f".{member.member.member_id}.", f".{member.member.member_id + 1}.")
    for bad in (forged, other):
        with pytest.raises(PosError) as refused:
            offline.member_card(journal, ctx.config, ctx.clock(), qr=bad)
        assert refused.value.code == "qr_invalid"
    journal.conn.execute("DELETE FROM qr_keys")        # a key this cache never saw
    with pytest.raises(PosError) as foreign:
        offline.member_card(journal, ctx.config, ctx.clock(), qr=payload)
    assert foreign.value.code == "qr_invalid"


def test_an_offline_sale_can_be_returned_after_sync(ctx, journal, member):
    offline.refresh_cache(ctx, journal)
    sold = sell_offline(ctx, journal, "LAT", "CARD")
    offline.sync(ctx, journal)
    done = returns.return_sale(ctx, sold.receipt_no, [(1, 1)])
    assert done.refund_fen > 0


def test_no_cache_yet_means_no_offline_selling(ctx, journal, products):
    with pytest.raises(PosError) as refused:
        sell_offline(ctx, journal, "LAT", phone=None)
    assert refused.value.code == "database_unavailable" and "sync" in refused.value.message
    assert selling.NOT_READY == refused.value.message


def test_a_journal_made_anew_goes_on_after_the_servers_last_offline_number(ctx, journal, member, tmp_path):
    offline.refresh_cache(ctx, journal)
    first = [sell_offline(ctx, journal, "LAT").receipt_no for _ in range(3)]
    offline.sync(ctx, journal)
    fresh = offline.open_journal(tmp_path / "new-disk" / "journal.sqlite3")     # the old file is gone
    try:
        offline.refresh_cache(ctx, fresh)
        again = sell_offline(ctx, fresh, "LAT")
        assert again.receipt_no.endswith("-X0004") and again.receipt_no not in first
        assert offline.sync(ctx, fresh).pushed == 1
    finally:
        fresh.close()


def test_a_sale_the_server_refuses_stays_queued_and_the_rest_goes_on(ctx, journal, member, manager):
    from pos.services.members import privacy

    offline.refresh_cache(ctx, journal)
    refused = sell_offline(ctx, journal, "LAT")
    walk_in = sell_offline(ctx, journal, "LAT", phone=None)
    privacy.erase_member(ctx, manager.id, member.member.member_id)     # the member is gone meanwhile
    result = offline.sync(ctx, journal)
    assert (result.pushed, result.failed) == (1, 1)
    assert journal.queued() == 1
    error = journal.conn.execute("SELECT push_error FROM sales WHERE sale_id = ?", (refused.sale_id,)).fetchone()[0]
    assert error.startswith("member_not_found")
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Sale).where(Sale.sale_uuid == walk_in.sale_id)) == 1


def test_the_manager_lists_overdraws_with_their_value(ctx, journal, member, manager):
    from pos.services.reports.summary import run_report

    offline.refresh_cache(ctx, journal)
    sold = sell_offline(ctx, journal, "LAT", coupon=member.welcome_coupon)
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], coupon_code=member.welcome_coupon,
                                        member_phone=PHONE))
    offline.sync(ctx, journal)
    day = ctx.clock().date()
    report = run_report(ctx, manager.id, "offline_overdraws", day, day)
    assert report.rows == ((day, sold.receipt_no, member.member.member_id, 0, member.welcome_coupon, 500),)
    assert report.summary == "1 offline overdraw(s), ¥5.00"


def test_an_offline_sale_prints_its_receipt_from_the_journal(ctx, journal, member, tmp_path):
    from pos.printing import render_receipt_pdf
    from tests.printing.readback import pdf_pngs, pdf_text

    offline.refresh_cache(ctx, journal)
    sold = sell_offline(ctx, journal, "LAT", "CARD", redeem=100)
    doc = offline.receipt_document(journal, ctx.config, sold.receipt_no.lower())
    assert (doc.receipt_no, doc.total_fen, doc.member.points_earned) == (sold.receipt_no, sold.total_due_fen,
                                                                        sold.points_earned)
    data = render_receipt_pdf(doc, 80)
    text = pdf_text(data)
    for expected in (sold.receipt_no, "Latte", "Gift card", "not discountable", "Points", "Sold offline"):
        assert expected in text
    assert PHONE not in text and PHONE[-4:] not in text
    pdf_pngs(data, tmp_path)          # renders (looked at once by hand)
    with pytest.raises(PosError) as missing:
        offline.receipt_document(journal, ctx.config, "S01-1-260610-X0099")
    assert missing.value.code == "receipt_not_found"


def test_a_free_item_coupon_offline_any_item_yes_a_category_one_only_online(ctx, journal, member, manager):
    from pos.services.coupons import issue as coupons

    anything = coupons.issue_coupons(ctx, manager.id, coupons.parse_spec("free_item", "25")).codes[0]
    coffee = coupons.issue_coupons(ctx, manager.id, coupons.CouponSpec("free_item", amount_fen=4000,
                                                                         category="coffee")).codes[0]
    offline.refresh_cache(ctx, journal)
    sold = sell_offline(ctx, journal, "LAT", coupon=anything)      # ¥28 latte, Silver 10 % off: ¥25.20, ¥25 off
    assert sold.coupon_discount_fen == 2500
    with pytest.raises(PosError) as online_only:
        sell_offline(ctx, journal, "LAT", coupon=coffee)
    assert online_only.value.code == "offline_coupon_unknown"
    assert offline.sync(ctx, journal).overdraws == 0
def test_a_journal_of_schema_1_is_upgraded_keeping_its_queued_sales(tmp_path):
    """Schema 2 added the cached stamp cards and the offline sign-in: an older journal keeps its sales."""
    import sqlite3

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('journal_id', 'abcd'), ('schema', '1');"
        "CREATE TABLE members (member_id INTEGER PRIMARY KEY, phone_hash TEXT UNIQUE, name TEXT NOT NULL, "
        "tier_key TEXT NOT NULL, points INTEGER NOT NULL, birth_month INTEGER);"
        "INSERT INTO members VALUES (7, 'h', 'Li', 'silver', 120, NULL);"
        "CREATE TABLE sales (seq INTEGER PRIMARY KEY AUTOINCREMENT, sale_id TEXT NOT NULL UNIQUE, "
        "receipt_no TEXT NOT NULL UNIQUE, sold_at TEXT NOT NULL, day TEXT NOT NULL, member_id INTEGER, "
        "redeem_points INTEGER NOT NULL, coupon_code TEXT, request TEXT NOT NULL, result TEXT NOT NULL, "
        "pushed_at TEXT, overdraw_fen INTEGER NOT NULL DEFAULT 0, push_error TEXT);"
        "INSERT INTO sales (sale_id, receipt_no, sold_at, day, redeem_points, request, result) "
        "VALUES ('s1', 'S01-1-260610-X0001', '2026-06-10T12:00:00', '2026-06-10', 0, '{}', '{}');")
    conn.commit()
    conn.close()
    j = offline.open_journal(path)
    try:
        assert j.meta("schema") == "2" and j.queued() == 1
        assert j.conn.execute("SELECT stamps FROM members WHERE member_id = 7").fetchone() == (0,)
        assert j.conn.execute("SELECT count(*) FROM staff").fetchone() == (0,)
    finally:
        j.close()


def test_a_refresh_rebuilds_the_cards_with_the_phone_unique_even_in_a_journal_made_before(ctx, journal, member):
    """The refresh makes the members and coupons tables anew (rows first, the phone index after, #19): a
    journal whose members table had an inline UNIQUE ends with the named unique index, the same cards."""
    import sqlite3

    journal.conn.executescript("DROP TABLE members; CREATE TABLE members (member_id INTEGER PRIMARY KEY, "
                               "phone_hash TEXT UNIQUE, name TEXT NOT NULL, tier_key TEXT NOT NULL, "
                               "points INTEGER NOT NULL, birth_month INTEGER, stamps INTEGER NOT NULL DEFAULT 0);")
    with ctx.read() as s:
        row = s.execute(select(Member.id, Member.phone, Member.points_balance)).one()
        codes = sorted(s.scalars(select(Coupon.code).where(Coupon.member_id == row.id, Coupon.status == "issued")))
    assert codes                                                   # the welcome coupon
    for _ in range(2):                    # a second refresh replaces the first one's rows
        assert offline.refresh_cache(ctx, journal) == 1
    conn = journal.conn
    assert "UNIQUE" not in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'members'").fetchone()[0]
    assert [tuple(index)[1:3] for index in conn.execute("PRAGMA index_list(members)")] == [("members_phone", 1)]
    assert conn.execute("SELECT member_id, phone_hash, points FROM members").fetchall() == [
        (row.id, journal.phone_hash(row.phone), row.points_balance)]
    assert conn.execute("SELECT code, member_id, used FROM coupons ORDER BY code").fetchall() == [
        (code, row.id, 0) for code in codes]
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO members (member_id, phone_hash, name, tier_key, points) VALUES (99, ?, 'x', 'y', 0)",
                     (journal.phone_hash(row.phone),))
    assert sell_offline(ctx, journal, "LAT").member_id == row.id       # the till finds the card by phone


def test_offline_sign_in_only_for_staff_who_signed_in_here_online_and_forgotten_after_a_pin_change(ctx, journal):
    from pos.services.staff import accounts
    from pos.services.till import Till

    accounts.create_staff(ctx, "M01", "Boss", "manager", "8888")
    accounts.create_staff(ctx, "C01", "Li Na", "cashier", "1234")
    till = Till(ctx, str(journal.path))
    online = till.sign_in("1234")                                   # online, remembered (keyed)
    assert online.code == "C01"
    offline.refresh_cache(ctx, journal)
    assert b"1234" not in journal.path.read_bytes()
    assert selling.sign_in(journal, "1234") == online                 # the same staff view, home store too
    with pytest.raises(PosError) as refused:
        selling.sign_in(journal, "8888")                              # never signed in at this till
    assert refused.value.code == "pin_invalid"
    offline_till = Till(ctx, str(journal.path), online=False)
    for _ in range(ctx.config.security.pin_max_failures):             # wrong PINs offline are counted here
        with pytest.raises(PosError) as refused:
            offline_till.sign_in("9999")
        assert refused.value.code == "pin_invalid"
    with pytest.raises(PosError) as refused:
        offline_till.sign_in("1234")                                  # even the right one, for a while
    assert refused.value.code == "till_locked"
    with ctx.write() as s:                                            # a new PIN at the back office
        s.scalars(select(Staff).where(Staff.code == "C01")).one().pin_hash = accounts.hash_pin("5678")
    offline.refresh_cache(ctx, journal)
    with pytest.raises(PosError):
        selling.sign_in(journal, "1234")                              # the old PIN no longer works offline


def test_sync_in_batches_books_each_sale_once_reads_each_sale_afresh_and_refuses_one_alone(
        ctx, journal, member, manager, monkeypatch):
    """Batches of 3 (one central transaction each, a savepoint per sale): the same member buys in every
    batch (each sale sees the balance the one before left), a refused sale is rolled back alone, and a
    till killed after the central commits but before the journal marks finds every sale booked once."""
    import importlib

    from pos.services.members import privacy

    sync_module = importlib.import_module("pos.services.offline.sync")   # the package's `sync` is the function
    monkeypatch.setattr(sync_module, "SYNC_BATCH", 3)
    other = members.enrol(ctx, "13800138009", name="Wang")
    offline.refresh_cache(ctx, journal)
    with ctx.read() as s:
        before = s.scalar(select(Member.points_balance).where(Member.id == member.member.member_id))
    sold = [sell_offline(ctx, journal, "LAT", redeem=100 if i % 2 else 0) for i in range(3)]
    refused = sell_offline(ctx, journal, "LAT", phone="13800138009")
    sold += [sell_offline(ctx, journal, "LAT", "LAT", redeem=100 if i % 2 else 0) for i in range(4)]
    privacy.erase_member(ctx, manager.id, other.member.member_id)     # its sale is refused at sync

    result = sync_module.sync(ctx, journal)
    assert (result.pushed, result.already_there, result.failed, result.overdraws) == (7, 0, 1, 0)
    assert journal.queued() == 1
    error = journal.conn.execute("SELECT push_error FROM sales WHERE sale_id = ?", (refused.sale_id,)).fetchone()[0]
    assert error.startswith("member_not_found")
    with ctx.read() as s:
        booked = s.scalars(select(Sale).where(Sale.sale_uuid.in_([x.sale_id for x in sold]))).all()
        after = s.scalar(select(Member.points_balance).where(Member.id == member.member.member_id))
        assert s.scalar(select(func.count()).select_from(Sale).where(Sale.sale_uuid == refused.sale_id)) == 0
    assert sorted(sale.sale_uuid for sale in booked) == sorted(x.sale_id for x in sold)
    assert {sale.receipt_no for sale in booked} == {x.receipt_no for x in sold}
    assert after == before + sum(s.points_earned - s.points_redeemed for s in booked)
    balance_equals_ledger(ctx)

    journal.conn.execute("UPDATE sales SET pushed_at = NULL WHERE push_error IS NULL")   # killed before marking
    again = sync_module.sync(ctx, journal)
    assert (again.pushed, again.already_there, again.failed) == (0, 7, 1)
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Sale).where(
            Sale.sale_uuid.in_([x.sale_id for x in sold]))) == 7
        assert s.scalar(select(Member.points_balance).where(Member.id == member.member.member_id)) == after
    balance_equals_ledger(ctx)


def test_item_search_reads_the_cached_catalogue_by_name_sku_or_barcode(ctx, journal, products):
    offline.refresh_cache(ctx, journal)
    names = lambda text: [row[2] for row in selling.search_cached_products(journal, text)]   # noqa: E731
    assert names("") == ["Big item", "Gift card", "Latte 拿铁"]          # by name, like the online search
    assert names("拿铁") == names("latte") == names("LA") == ["Latte 拿铁"]
    assert names("6900000000003") == ["Gift card"]                       # a barcode matches exactly only
    assert names("690000000000") == [] and names("%") == [] and names("_") == []   # LIKE wildcards are text
    assert selling.search_cached_products(journal, "big")[0] == ("BIG", "6900000000001", "Big item", 100000, True)
