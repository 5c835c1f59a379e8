"""Argument parser of the `pos` command (see shared/CLI.md for the contract)."""

from __future__ import annotations

import argparse

from pos import __version__
from pos.cli import manager_commands, offers_commands, store_commands
from pos.errors import BadInput
from pos.vocabulary import PAYMENT_KEYS


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing and exiting, so --json errors stay JSON."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise BadInput("usage", f"{self.prog}: {message}")


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="SQLAlchemy URL (env POS_DATABASE_URL)")
    common.add_argument("--config", default=argparse.SUPPRESS, help="store configuration TOML (env POS_CONFIG)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON object")
    common.add_argument("--till", default=argparse.SUPPRESS, metavar="STORE-TILL",
                        help="which registered till this is, e.g. S01-2 (env POS_TILL; default: the first)")
    common.add_argument("--offline-journal", default=argparse.SUPPRESS, metavar="FILE",
                        help="this till's offline journal (env POS_OFFLINE_JOURNAL): `pos sale` and `pos member "
                             "show` work from it when the database cannot be reached")
    return common


def build_parser() -> Parser:
    common = _common()
    parser = Parser(prog="pos", parents=[common], description="Loyalty terminal: scripting interface")
    parser.add_argument("--version", action="version", version=f"pos {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    def command(name: str, help_: str, parent=sub) -> Parser:
        return parent.add_parser(name, help=help_, parents=[common])

    p = command("init", "create or migrate the database")
    p.add_argument("--demo", action="store_true", help="add a demo store (products, members, sales)")
    p.add_argument("--members", type=int, default=300, help="demo members (default 300)")
    p.add_argument("--if-empty", action="store_true", help="only add demo data when there are no members")

    cfg = sub.add_parser("config", help="store configuration", parents=[common]).add_subparsers(
        dest="action", required=True, parser_class=Parser)
    command("show", "effective configuration", cfg)

    member = sub.add_parser("member", help="members", parents=[common]).add_subparsers(
        dest="action", required=True, parser_class=Parser)
    p = command("enrol", "enrol a member", member)
    p.add_argument("--phone", required=True)
    p.add_argument("--name", default="")
    p.add_argument("--birthday", help="MM-DD")
    p.add_argument("--consent", action="store_true", help="consent to marketing")
    p.add_argument("--referrer", "--referral", dest="referrer",
                   help="referral code of an existing member (typed, or the scanned referral QR)")
    p = command("erase", "anonymise a member on request (manager)", member)
    p.add_argument("--phone", required=True)
    p.add_argument("--manager-pin")
    p = command("consent", "record a member's marketing consent: --give or --withdraw (audited)", member)
    p.add_argument("--phone", required=True)
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--give", action="store_true", help="the member consents to marketing")
    choice.add_argument("--withdraw", action="store_true", help="the member withdraws consent")
    p.add_argument("--cashier", help="staff code recorded on the change (needs --cashier-pin; else the till)")
    p.add_argument("--cashier-pin")
    p = command("card", "member card PDF with the signed QR", member)
    p.add_argument("--phone", required=True)
    p.add_argument("--pdf", required=True, metavar="FILE")
    p = command("show", "look a member up", member)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--phone")
    who.add_argument("--qr")

    p = command("sale", "one checkout (atomic)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--member", help="member phone")
    who.add_argument("--qr", help="member QR payload")
    p.add_argument("--line", action="append", required=True, help="SKU[:QTY] or name=TEXT,price=AMOUNT[,qty=N]"
                   "[,discountable=no]")
    p.add_argument("--coupon")
    p.add_argument("--redeem", default="0", help="points to redeem")
    p.add_argument("--pay", action="append", default=[], help=f"METHOD[:AMOUNT] ({', '.join(PAYMENT_KEYS)}); repeat "
                   "it to split the tender (e.g. --pay cash:100 --pay wechat: one amount may stay open)")
    p.add_argument("--sale-id", help="UUID; a retry with the same id and cart is booked once (another cart: "
                   "sale_id_conflict)")
    p.add_argument("--cashier", help="staff code recorded on the sale (needs --cashier-pin)")
    p.add_argument("--cashier-pin", help="that cashier's PIN: the proof the sale is theirs")
    p.add_argument("--manager-pin", help="for redemptions above the configured limit")
    p.add_argument("--print", action="store_true", help="print the receipt on the configured printer after booking")
    p.add_argument("--reward", help="a catalogue reward (pos rewards list) bought with the member's points")

    p = command("return", "return all or some lines of a receipt")
    p.add_argument("receipt_no")
    p.add_argument("--line", action="append", default=[],
                   help="INDEX[:QTY] (line numbers start at 1; QTY at least 1; no QTY: all that is left of the line)")
    p.add_argument("--cashier", help="staff code recorded on the return (needs --cashier-pin)")
    p.add_argument("--cashier-pin")
    p.add_argument("--manager-pin", help="for returns above the configured limit or after the return window")

    p = command("receipt", "print a receipt again")
    p.add_argument("receipt_no")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--pdf", metavar="FILE")
    out.add_argument("--escpos", metavar="FILE")
    out.add_argument("--print", action="store_true", help="send it to the configured [printer]")
    p.add_argument("--width", type=int, choices=(80, 58), default=None)

    coupon = sub.add_parser("coupon", help="coupons", parents=[common]).add_subparsers(
        dest="action", required=True, parser_class=Parser)
    p = command("issue", "issue coupons (manager)", coupon)
    p.add_argument("--kind", required=True, choices=("amount", "percent", "cash", "free_item"))
    p.add_argument("--value", required=True, help="yuan for amount/cash; percent off for percent (15 = 85折); "
                   "the cap for free_item (25: one item free up to ¥25)")
    p.add_argument("--threshold")
    p.add_argument("--cap")
    p.add_argument("--valid-days", type=int)
    target = p.add_mutually_exclusive_group()
    target.add_argument("--member", help="member phone")
    target.add_argument("--segment", help="one coupon per member: the campaign '<segment> <date>'")
    target.add_argument("--count", type=int)
    p.add_argument("--manager-pin")
    p = command("sheet", "A4 coupon sheet PDF of a campaign or of given codes (manager)", coupon)
    p.add_argument("codes", nargs="*")
    p.add_argument("--campaign", type=int, help="every coupon of a campaign (manager)")
    p.add_argument("--pdf", required=True, metavar="FILE")
    p.add_argument("--manager-pin")
    p = command("show", "state of one coupon", coupon)
    p.add_argument("code")

    command("segments", "compute RFM segments and print their sizes")
    command("print-test", "print a test page on the configured printer")
    p = command("doctor", "check the database, schema, fonts, printer, clock, disk and logs")
    p.add_argument("--bundle", metavar="FILE.zip", help="also write a support archive (phone numbers masked)")
    p = command("fraud", "fraud signals for managers")
    p.add_argument("--days", type=int, default=1, help="look back this many days (default: today)")
    p.add_argument("--manager-pin")

    members = sub.add_parser("members", help="member lists", parents=[common]).add_subparsers(
        dest="action", required=True, parser_class=Parser)
    p = command("export", "export members to CSV (manager)", members)
    p.add_argument("file")
    p.add_argument("--segment")
    p.add_argument("--full-phone", action="store_true", help="full phone numbers instead of masked ones")
    p.add_argument("--store", metavar="CODE", help="members enrolled at this store (a store manager's default)")
    p.add_argument("--manager-pin", help="required for any export")

    points = sub.add_parser("points", help="points", parents=[common]).add_subparsers(
        dest="action", required=True, parser_class=Parser)
    command("expire", "expire due points (idempotent)", points)
    p = command("adjust", "manual adjustment with a reason (manager)", points)
    p.add_argument("--phone", required=True)
    p.add_argument("--points", required=True, help="positive to add, negative to take away")
    p.add_argument("--reason", required=True)
    p.add_argument("--manager-pin")

    passphrase = "file holding the backup passphrase (else env POS_BACKUP_PASSPHRASE, or asked)"
    p = command("backup", "online encrypted backup of the database (manager)")
    p.add_argument("file")
    p.add_argument("--manager-pin")
    p.add_argument("--passphrase-file", help=passphrase)
    p = command("restore", "restore an encrypted backup over the database (manager)")
    p.add_argument("file")
    p.add_argument("--manager-pin", help="needed once the database has a manager")
    p.add_argument("--passphrase-file", help=passphrase)
    p = command("audit", "the audit log (newest first); `pos audit verify` checks its hash chain")
    p.add_argument("action", nargs="?", choices=("verify",), help="verify: check the hash chain (manager)")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--manager-pin")
    keys = sub.add_parser("keys", help="member QR signing keys", parents=[common]).add_subparsers(
        dest="action", required=True, parser_class=Parser)
    p = command("rotate", "start a new member-QR key; old cards work for the configured overlap", keys)
    p.add_argument("--manager-pin")
    p = command("import", "take the member-QR keys of a backup onto this till (another till's keys)", keys)
    p.add_argument("file")
    p.add_argument("--manager-pin")
    p.add_argument("--passphrase-file", help=passphrase)

    tiers = sub.add_parser("tiers", help="tiers", parents=[common]).add_subparsers(
        dest="action", required=True, parser_class=Parser)
    command("evaluate", "daily tier re-evaluation (idempotent)", tiers)

    staff = sub.add_parser("staff", help="staff accounts", parents=[common]).add_subparsers(
        dest="action", required=True, parser_class=Parser)
    p = command("add", "add a cashier or manager", staff)
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=("cashier", "manager"))
    p.add_argument("--pin", required=True)
    p.add_argument("--store", metavar="CODE", help="home store: a manager with one manages that store only")
    p.add_argument("--manager-pin", help="needed once a manager exists")

    def group(name: str, help_: str):
        return sub.add_parser(name, help=help_, parents=[common]).add_subparsers(
            dest="action", required=True, parser_class=Parser)

    manager_commands.add_arguments(staff, command, group)
    offers_commands.add_arguments(command, group)
    store_commands.add_arguments(command, group)
    command("sync", "push this till's offline journal, then refresh its member card cache")
    return parser
