"""A chain of stores (SPEC §12): per-till receipt and return numbers, store and till on every row,
each store's printed details, store-scoped managers and reports that add up to the chain's.
Real SQLite files and PostgreSQL (db_url), real threads for the concurrent tills, real PDFs read back."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import AuditEntry, CouponRedemption, LedgerEntry, Member, Payment, Return, Sale
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.members.export import export_members
from pos.services.reports import summary as reports
from pos.services.sales import checkout, receipts, returns
from pos.services.sales.cart import LineInput
from pos.services.staff import admin as staff_admin
from pos.services.stores import chain
from tests.databases import NOW
from tests.printing.readback import pdf_text, qr_texts

DAY = f"{NOW:%y%m%d}"
S02_GROUP = "https://s02.example.com/join-member-group"


def sell(ctx: AppContext, price_fen: int = 1000, phone: str | None = None, coupon: str | None = None):
    return checkout.checkout(ctx, checkout.CheckoutRequest([LineInput(name="Tea", price_fen=price_fen)],
                                                           member_phone=phone, coupon_code=coupon))


@pytest.fixture
def two_stores(ctx, manager, db_url, clock):
    """S01 (migrated, till 1) and S02 (Pudong, two tills, its own header, footer and group link);
    the tills as contexts of their own, as separate processes would be."""
    chain.add_store(ctx, manager.id, "S02", "Pudong 浦东店", address="1 Century Ave", phone="021-5555",
                    receipt_header="Welcome to Pudong 浦东欢迎您", receipt_footer="Pudong footer",
                    group_urls={"member": S02_GROUP})
    assert chain.add_till(ctx, manager.id, "S02") == "S02-1"
    assert chain.add_till(ctx, manager.id, "s02") == "S02-2"
    tills = {code: AppContext(make_engine(db_url), load_config(), clock, till=code)
             for code in ("S01-1", "S02-1", "S02-2")}
    yield tills
    for till in tills.values():
        till.engine.dispose()


def test_each_till_numbers_its_own_receipts_and_returns(two_stores):
    s01, s02a, s02b = two_stores["S01-1"], two_stores["S02-1"], two_stores["S02-2"]
    numbers = [sell(s01).receipt_no, sell(s02a).receipt_no, sell(s02a).receipt_no, sell(s02b).receipt_no]
    assert numbers == [f"S01-1-{DAY}-0001", f"S02-1-{DAY}-0001", f"S02-1-{DAY}-0002", f"S02-2-{DAY}-0001"]
    back = returns.return_sale(s02b, numbers[1])            # returned at another till of the store
    assert back.return_no == f"S02-2-{DAY}-T0001"
    assert returns.return_sale(s01, numbers[2]).return_no == f"S01-1-{DAY}-T0001"
    assert returns.return_sale(s01, numbers[0].lower()).return_no == f"S01-1-{DAY}-T0002"   # as typed


def test_every_row_records_its_store_and_till(two_stores, manager):
    till = two_stores["S02-2"]
    members.enrol(till, "13800000001")
    code = coupons.issue_coupons(till, manager.id, coupons.parse_spec("amount", "5"), member_id=1).codes[0]
    sale = sell(till, 5000, phone="13800000001", coupon=code)
    returns.return_sale(till, sale.receipt_no)
    here = till.here
    assert here is not None and (here.store_code, here.till) == ("S02", "S02-2")
    with till.read() as session:
        for model, where in ((Sale, Sale.id == sale.sale_db_id), (Payment, Payment.sale_id == sale.sale_db_id),
                             (CouponRedemption, CouponRedemption.sale_id == sale.sale_db_id),
                             (LedgerEntry, LedgerEntry.sale_id == sale.sale_db_id),
                             (Return, Return.sale_id == sale.sale_db_id)):
            assert set(session.execute(select(model.store_id, model.till_id).where(where))) == {
                (here.store_id, here.till_id)}, model.__name__
        assert session.scalar(select(Member.store_id)) == here.store_id
        last = session.execute(select(AuditEntry.action, AuditEntry.store_id, AuditEntry.till_id)
                               .order_by(AuditEntry.id.desc()).limit(1)).one()
        assert tuple(last) == ("return", here.store_id, here.till_id)


@pytest.mark.parametrize("store", ["S01", "S02"])
def test_each_store_prints_its_own_header_and_group_qr(two_stores, tmp_path, store):
    till = two_stores[f"{store}-1"]
    members.enrol(till, "13800000002")
    sale = sell(till, 2000, phone="13800000002")
    path = receipts.write_receipt(till, sale.receipt_no, tmp_path / "r.pdf", "pdf", 80)
    data = path.read_bytes()
    text, codes = pdf_text(data), qr_texts(data, tmp_path)
    chain_cfg = till.config
    if store == "S02":
        assert "Pudong 浦东店" in text and "Welcome to Pudong 浦东欢迎您" in text and "Pudong footer" in text
        assert "1 Century Ave" in text and S02_GROUP in codes
    else:
        assert "Pudong" not in text and S02_GROUP not in codes
        expected = chain_cfg.tier("member").group_url or chain_cfg.receipt.join_member_url
        assert expected in codes
    other = two_stores["S01-1" if store == "S02" else "S02-1"]       # a reprint elsewhere prints the same store
    assert receipts.sale_receipt(other, sale.receipt_no) == receipts.sale_receipt(till, sale.receipt_no)


def test_store_reports_add_up_to_the_chain_report(two_stores, manager):
    members.enrol(two_stores["S01-1"], "13800000003")
    members.enrol(two_stores["S02-1"], "13800000004")
    spec = coupons.parse_spec("amount", "5")
    codes = [coupons.issue_coupons(two_stores["S01-1"], manager.id, spec, member_id=m).codes[0] for m in (1, 1, 2)]
    for till, price, phone, code in (("S01-1", 1000, "13800000003", codes[0]), ("S02-1", 2550, None, None),
                                     ("S02-2", 990, "13800000004", codes[2]), ("S01-1", 12000, None, None),
                                     ("S02-2", 4000, "13800000003", codes[1])):
        sell(two_stores[till], price, phone=phone, coupon=code)
    day = NOW.date()
    s02 = chain.store_id_of(two_stores["S01-1"], "S02")
    for key in ("sales_per_day", "aov_members", "coupon_redemption", "members_per_tier", "points_liability"):
        whole = reports.run_report(two_stores["S01-1"], manager.id, key, day, day)
        parts = [reports.run_report(two_stores["S01-1"], manager.id, key, day, day, store_id=store)
                 for store in (1, s02)]
        assert all(_numbers(part) != _numbers(whole) for part in parts), key      # each store has its share
        summed = [tuple(a + b for a, b in zip(x, y, strict=True)) for x, y in zip(*map(_numbers, parts), strict=True)]
        if key == "coupon_redemption":        # coupons are chain-wide: issued is the chain's, used adds up
            assert [row[1] for row in summed] == [row[1] for row in _numbers(whole)] == [3]
            assert all(row[0] == whole_row[0] for part in parts
                       for row, whole_row in zip(_numbers(part), _numbers(whole), strict=True))
            continue
        assert summed == _numbers(whole), key
    per_store = reports.run_report(two_stores["S01-1"], manager.id, "sales_per_day", day, day, store_id=s02)
    assert per_store.rows[0][1:3] == (3, 2550 + (990 - 500) + (4000 - 500))     # two ¥5 coupons used there


def _numbers(report) -> list[tuple[int, ...]]:
    """The additive columns of a report (counts and fen; not rates or averages), row by row."""
    keep = [i for i, name in enumerate(report.columns) if not name.endswith(("_pct", "aov_fen"))]
    return [tuple(row[i] for i in keep if isinstance(row[i], int)) for row in report.rows]


def test_a_store_manager_acts_on_their_own_store_only(two_stores, manager, tmp_path):
    ctx = two_stores["S01-1"]
    s02 = chain.store_id_of(ctx, "S02")
    boss = staff_admin.add_staff_member(ctx, manager.id, "M02", "Pudong manager", "manager", "97531", store_id=s02)
    sell(two_stores["S02-1"], 3000)
    sell(ctx, 7000)
    day = NOW.date()
    own = reports.run_report(ctx, boss.id, "sales_per_day", day, day)          # their store by default
    assert own.rows[0][1:3] == (1, 3000)

    def refused(code: str, call) -> None:
        with pytest.raises(PosError) as caught:
            call()
        assert caught.value.code == code

    refused("store_not_yours", lambda: reports.run_report(ctx, boss.id, "sales_per_day", day, day, store_id=1))
    refused("chain_admin_required", lambda: chain.add_store(ctx, boss.id, "S03", "Xuhui"))
    refused("store_not_yours", lambda: chain.add_till(ctx, boss.id, "S01"))
    refused("store_not_yours", lambda: chain.update_store(ctx, boss.id, "S01", receipt_header="mine"))
    refused("store_not_yours", lambda: export_members(ctx, boss.id, str(tmp_path / "m.csv"),
                                                      members_filter(store_id=1)))
    assert chain.add_till(ctx, boss.id, "S02") == "S02-3"
    assert [s.code for s in chain.list_stores(ctx, boss.id)] == ["S02"]
    assert [s.code for s in chain.list_stores(ctx, manager.id)] == ["S01", "S02"]
    with ctx.read() as session:
        refusals = session.scalar(select(func.count()).select_from(AuditEntry)
                                  .where(AuditEntry.action == "role_violation", AuditEntry.staff_id == boss.id))
    assert refusals == 5


def members_filter(**kw):
    from pos.services.members.listing import MemberFilter

    return MemberFilter(**kw)


def test_an_unknown_till_or_store_is_named(ctx, manager, db_url, clock):
    stranger = AppContext(make_engine(db_url), load_config(), clock, till="S09-1")
    with pytest.raises(PosError) as caught:
        sell(stranger)
    assert caught.value.code == "till_unknown"
    stranger.engine.dispose()
    with pytest.raises(PosError) as caught:
        chain.add_till(ctx, manager.id, "S09")
    assert caught.value.code == "store_unknown"
    with pytest.raises(PosError) as caught:
        chain.add_store(ctx, manager.id, "S-1", "Bad")
    assert caught.value.code == "store_invalid"
    with pytest.raises(PosError) as caught:
        chain.add_store(ctx, manager.id, "S01", "Again")
    assert caught.value.code == "store_exists"
    with pytest.raises(PosError) as caught:
        chain.add_store(ctx, manager.id, "S03", "Printer", printer_kind="pdf", printer_target="/dev/sda")
    assert caught.value.code == "store_invalid"


SALES_PER_TILL = 12


def test_concurrent_tills_of_two_stores_get_unique_gap_free_sequences(two_stores, manager):
    """Three tills selling and returning at once: each till's numbers run 1..n without a gap or a
    repeat, and each store's report totals are what its tills booked."""
    errors: list[BaseException] = []
    booked: dict[str, list[tuple[str, int]]] = {code: [] for code in two_stores}
    returned: dict[str, list[str]] = {code: [] for code in two_stores}
    start = threading.Barrier(len(two_stores))

    def till_loop(code: str) -> None:
        ctx = two_stores[code]
        try:
            start.wait()
            for n in range(SALES_PER_TILL):
                price = 100 * (n + 1) + len(code)
                for attempt in range(20):                    # a busy database is retried, as a cashier would
                    try:
                        sale = sell(ctx, price)
                        break
                    except PosError as exc:
                        if exc.code != "database_busy" or attempt == 19:
                            raise
                booked[code].append((sale.receipt_no, price))
                if n % 4 == 3:
                    for attempt in range(20):
                        try:
                            returned[code].append(returns.return_sale(ctx, sale.receipt_no).return_no)
                            break
                        except PosError as exc:
                            if exc.code != "database_busy" or attempt == 19:
                                raise
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=till_loop, args=(code,)) for code in two_stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for code in two_stores:
        assert [no for no, _ in booked[code]] == [f"{code}-{DAY}-{n:04d}" for n in range(1, SALES_PER_TILL + 1)]
        assert returned[code] == [f"{code}-{DAY}-T{n:04d}" for n in range(1, SALES_PER_TILL // 4 + 1)]
    ctx, day = two_stores["S01-1"], NOW.date()
    for store, codes in (("S01", ["S01-1"]), ("S02", ["S02-1", "S02-2"])):
        report = reports.run_report(ctx, manager.id, "sales_per_day", day, day, store_id=chain.store_id_of(ctx, store))
        assert report.rows[0][1:3] == (SALES_PER_TILL * len(codes), sum(p for c in codes for _, p in booked[c]))
    assert isinstance(date.today(), date)


def test_a_campaign_reaches_the_members_of_one_store(two_stores, manager):
    from pos.services.campaigns import campaign as campaigns
    from pos.services.members.listing import MemberFilter

    s01, s02 = two_stores["S01-1"], two_stores["S02-1"]
    for n, till in enumerate((s01, s02, s02, s01, s02)):
        members.enrol(till, f"1380000010{n}", consent=True)
    s02_id = chain.store_id_of(s01, "S02")
    boss = staff_admin.add_staff_member(s01, manager.id, "M02", "Pudong manager", "manager", "97531", store_id=s02_id)
    spec = coupons.parse_spec("amount", "5")
    everyone = campaigns.Audience(member_filter=MemberFilter())
    assert campaigns.issue_campaign(s01, boss.id, "Pudong only", everyone, spec).issued == 3    # their store's
    assert campaigns.issue_campaign(s01, manager.id, "Jing'an", campaigns.Audience(
        member_filter=MemberFilter(), store_id=1), spec).issued == 2
    assert campaigns.issue_campaign(s01, manager.id, "Everyone", everyone, spec).issued == 5
    with pytest.raises(PosError) as caught:
        campaigns.issue_campaign(s01, boss.id, "Not mine", campaigns.Audience(member_filter=MemberFilter(), store_id=1),
                                 spec)
    assert caught.value.code == "store_not_yours"
