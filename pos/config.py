"""Store configuration: TOML -> frozen dataclasses, validated against the schema they declare.

Every rule number of SPEC.md lives here. Money is held in fen (int), rates as Decimal.
The domain (pos.loyalty) reads these dataclasses; nothing else holds rule numbers.

Each field says what its setting accepts and its default (`whole(365, low=1)`, `rate("0.5", high=1)`);
reading and writing TOML (pos.services.admin.settings_toml) both follow that one declaration. A key
the schema does not know is refused with its dotted path: a typo such as `discout` must not quietly
drop a tier's discount. The schema is plain dataclasses rather than pydantic or msgspec: pydantic
costs the till's cold start a few hundred milliseconds, and msgspec Structs would drop the dataclass
API (`dataclasses.replace`, `asdict`) the rest of the code reads.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pos.errors import BadInput

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "assets" / "config.toml"
PRINTER_KINDS = ("pdf", "escpos-file", "escpos-network", "escpos-usb", "system", "none")
COUPON_KINDS = ("amount", "percent", "cash")
MAX_MONEY = Decimal(100_000_000)         # yuan


class ConfigError(BadInput):
    def __init__(self, message: str) -> None:
        super().__init__("config_invalid", message)


class _Refused(ValueError):
    """A setting refused; the message names its dotted path (the file's name is added once, on top)."""


# ---------------------------------------------------------------- how a setting is read

@dataclass(frozen=True)
class Setting:
    """What one TOML key accepts (`read` returns the value or None to refuse) and how it is written."""

    expected: str
    read: Callable[[Any], Any]
    write: Callable[[Any], Any] = lambda value: value
    toml_name: str | None = None     # when the TOML key differs from the field (money held in fen)
    kind: str = "text"               # text | flag | choice | whole | rate | money: what a form shows for it
    low: int | None = None           # whole: the bounds; rate: 0 to `high`
    high: int | None = None
    options: tuple = ()              # choice: the values allowed


def _declare(default: Any, setting: Setting) -> Any:
    return field(default=default, metadata={"setting": setting})


def text(default: Any = MISSING) -> Any:
    return _declare(default, Setting("a text string", lambda v: v if isinstance(v, str) else None))


def flag(default: bool) -> Any:
    return _declare(default, Setting("true or false", lambda v: v if isinstance(v, bool) else None, kind="flag"))


def choice(default: Any, options: tuple) -> Any:
    return _declare(default, Setting("one of " + ", ".join(map(str, options)),
                                     lambda v: v if v in options and not isinstance(v, bool) else None,
                                     kind="choice", options=options))


def whole(default: Any = MISSING, *, low: int | None = None, high: int | None = None) -> Any:
    bounds = {(True, True): f" from {low} to {high}", (True, False): f" >= {low}", (False, True): f" <= {high}"}
    expected = "a whole number" + bounds.get((low is not None, high is not None), "")

    def read(value: Any) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return None if (low is not None and value < low) or (high is not None and value > high) else value
    return _declare(default, Setting(expected, read, kind="whole", low=low, high=high))


def _decimal(value: Any, high: Decimal) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() and 0 <= number <= high else None


def rate(default: str, *, high: int) -> Any:
    expected = f'a quoted decimal between 0 and {high}, such as "0.05" (floats are inexact)'
    return _declare(Decimal(default), Setting(expected, lambda v: _decimal(v, Decimal(high)), str, kind="rate",
                                              low=0, high=high))


def money(default_yuan: str, *, toml_name: str) -> Any:
    """An amount written in yuan ("500.00") and held in fen (50000)."""
    def read(value: Any) -> int | None:
        number = _decimal(value, MAX_MONEY)
        return int(number * 100) if number is not None and number == number.quantize(Decimal("0.01")) else None
    expected = f'a quoted amount in yuan with at most two decimals, such as "500.00" (up to {MAX_MONEY})'
    return _declare(int(Decimal(default_yuan) * 100),
                    Setting(expected, read, lambda fen: f"{Decimal(fen) / 100:.2f}", toml_name, kind="money", low=0))


# ---------------------------------------------------------------- the schema

@dataclass(frozen=True, kw_only=True)
class StoreInfo:
    name: str = text()
    address: str = text("")
    phone: str = text("")
    currency_symbol: str = text("¥")
    default_region: str = text("CN")
    locale: str = choice("zh_CN", ("zh_CN", "en"))


@dataclass(frozen=True, kw_only=True)
class ReceiptConfig:
    header: str = text("")
    footer: str = text("")
    join_member_url: str = text()
    join_member_text: str = text("")
    paper_width_mm: int = choice(80, (80, 58))
    expiring_days: int = whole(30, low=0)


@dataclass(frozen=True, kw_only=True)
class PrinterConfig:
    kind: str = choice("pdf", PRINTER_KINDS)
    target: str = text("")           # checked against the kind: see _PRINTER_TARGETS
    copies: int = whole(1, low=1, high=5)


@dataclass(frozen=True, kw_only=True)
class GrowthConfig:
    window_days: int = whole(365, low=1)
    per_yuan: int = whole(1, low=0)
    grace_days: int = whole(30, low=0)
    max_drop_per_evaluation: int = whole(1, low=1)


@dataclass(frozen=True, kw_only=True)
class Tier:
    key: str = text()
    name: str = text()
    name_zh: str = text("")
    growth: int = whole(low=0)                      # growth value needed (0 for the entry tier)
    purchases: int = whole(0, low=0)                # purchase count in the window that also qualifies (0 = not used)
    discount: Decimal = rate("0", high=1)           # fraction off eligible lines, e.g. Decimal("0.05")
    points_multiplier: Decimal = rate("1", high=100)
    color: str = text("#777777")
    group_url: str = text("")
    group_text: str = text("")

    def label(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else self.name


@dataclass(frozen=True, kw_only=True)
class PointsConfig:
    earn_per_yuan: Decimal = rate("1", high=100)
    redeem_points_per_yuan: int = whole(100, low=1)
    redeem_minimum: int = whole(100, low=0)
    redeem_step: int = whole(100, low=1)
    redeem_max_share: Decimal = rate("0.5", high=1)
    manager_pin_above: int = whole(5000, low=0)
    expiry: str = choice("end_of_next_year", ("end_of_next_year", "never"))
    birthday_multiplier: Decimal = rate("2", high=100)
    member_day: int = whole(25, low=0, high=31)
    member_day_multiplier: Decimal = rate("2", high=100)
    # points one member may redeem per day at one till while it sells offline (#17); 0: none offline
    offline_redeem_cap: int = whole(500, low=0)


@dataclass(frozen=True, kw_only=True)
class CouponConfig:
    code_prefix: str = text("C")
    code_length: int = whole(10, low=6, high=32)
    default_valid_days: int = whole(30, low=1)
    welcome_enabled: bool = flag(True)
    welcome_kind: str = choice("cash", COUPON_KINDS)
    welcome_value: Decimal = rate("5", high=100000)     # yuan for amount/cash, fraction off for percent
    welcome_threshold_fen: int = money("0", toml_name="welcome_threshold")
    welcome_valid_days: int = whole(30, low=1)


@dataclass(frozen=True, kw_only=True)
class ReturnsConfig:
    manager_pin_above_fen: int = money("500", toml_name="manager_pin_above")
    window_days: int = whole(7, low=0)
    window_enforced: bool = flag(True)     # off: a return after window_days needs no manager PIN


@dataclass(frozen=True, kw_only=True)
class SegmentsConfig:
    window_days: int = whole(365, low=1)
    at_risk_days: int = whole(30, low=1)
    hibernating_days: int = whole(60, low=1)
    lost_days: int = whole(90, low=1)
    new_days: int = whole(30, low=1)
    whale_spend_fen: int = money("5000", toml_name="whale_spend")


@dataclass(frozen=True, kw_only=True)
class SecurityConfig:
    # Below 3 failures a slip of the finger locks a cashier out; above 20 a PIN can be guessed.
    pin_max_failures: int = whole(5, low=3, high=20)
    pin_lockout_minutes: int = whole(5, low=1, high=24 * 60)
    pin_min_length: int = whole(4, low=4, high=12)
    qr_key_overlap_days: int = whole(30, low=0)
    backup_keep: int = whole(14, low=0)    # pos backups kept in the backup's folder (0: never prune)


# ---------------------------------------------------------------- SPEC §10: offers at the till

BOUNCE_KINDS = ("amount", "percent", "cash", "double_points")


@dataclass(frozen=True, kw_only=True)
class BounceStep:
    """One step of the bounce-back ladder: after the `after`-th purchase in the window (and every
    `every` purchases after it, 0: once) the member gets this offer for the next visit."""

    after: int = whole(low=1)
    every: int = whole(0, low=0)
    kind: str = choice("amount", BOUNCE_KINDS)      # a coupon kind, or double_points on the next visit
    value: Decimal = rate("0", high=100000)         # yuan (amount/cash), fraction off (percent), multiplier
    threshold_fen: int = money("0", toml_name="threshold")
    cap_fen: int = money("0", toml_name="cap")      # percent coupons: most taken off (0: no cap)
    tier: str = text("")                            # only members of this tier and above ("": all)
    segment: str = text("")                         # only members of this RFM segment ("": all)
    name: str = text("")
    name_zh: str = text("")


@dataclass(frozen=True, kw_only=True)
class EarnStep:
    """Monthly earn ladder: paid spend in the calendar month (this sale included) at or above
    `spend` earns `rate` of the paid value in points value."""

    spend_fen: int = money("0", toml_name="spend")
    rate: Decimal = rate("0.01", high=1)


DEFAULT_BOUNCE_STEPS = (
    BounceStep(after=1, kind="percent", value=Decimal("0.15"), cap_fen=3000,
               name="15% off your next visit", name_zh="下次消费85折"),
    BounceStep(after=3, kind="amount", value=Decimal("10"), threshold_fen=8000,
               name="¥10 off over ¥80", name_zh="满80减10"),
    BounceStep(after=6, kind="double_points", value=Decimal("2"),
               name="double points on your next visit", name_zh="下次消费双倍积分"),
    BounceStep(after=7, every=7, kind="cash", value=Decimal("25"),
               name="a free item up to ¥25", name_zh="免费单品（最高¥25）"),
)
DEFAULT_EARN_STEPS = (EarnStep(spend_fen=10000, rate=Decimal("0.01")),
                      EarnStep(spend_fen=30000, rate=Decimal("0.015")),
                      EarnStep(spend_fen=50000, rate=Decimal("0.02")))


@dataclass(frozen=True, kw_only=True)
class BounceBackConfig:
    enabled: bool = flag(True)
    window_days: int = whole(365, low=1)     # purchases counted over this many days
    valid_days: int = whole(14, low=1)       # valid from the next day for this many days


@dataclass(frozen=True, kw_only=True)
class ReferralConfig:
    enabled: bool = flag(True)
    welcome_fen: int = money("10", toml_name="welcome")               # no-threshold coupon for the new member
    welcome_valid_days: int = whole(30, low=1)
    min_paid_fen: int = money("50", toml_name="min_paid")             # the new member's first sale pays this
    reward: str = choice("coupon", ("coupon", "points"))              # what the referrer gets
    reward_value_fen: int = money("20", toml_name="reward_value")
    reward_threshold_fen: int = money("100", toml_name="reward_threshold")
    reward_points: int = whole(100, low=1)
    reward_valid_days: int = whole(30, low=1)
    monthly_limit: int = whole(10, low=1)                             # rewards per referrer per month


@dataclass(frozen=True, kw_only=True)
class StampsConfig:
    enabled: bool = flag(True)
    category: str = text("coffee")           # products of this category earn stamps
    name: str = text("Coffee card")
    name_zh: str = text("咖啡集点卡")
    needed: int = whole(10, low=1)           # stamps for one free item
    reward_cap_fen: int = money("40", toml_name="reward_cap")
    reward_valid_days: int = whole(30, low=1)


@dataclass(frozen=True, kw_only=True)
class RewardsConfig:
    enabled: bool = flag(True)
    coupon_valid_days: int = whole(30, low=1)   # coupons bought with points


@dataclass(frozen=True, kw_only=True)
class EarnLadderConfig:
    enabled: bool = flag(False)


@dataclass(frozen=True, kw_only=True)
class CustomerDisplayConfig:
    """The customer-facing window of a dual-screen till (pos.ui.customer_display)."""
    enabled: bool = flag(True)
    screen: int = whole(0, low=0, high=9)      # 0: the second screen, if any; n: screen n (1 = the first)
    full_screen: bool = flag(True)             # full screen on a screen of its own
    left: int = whole(0, low=0)                # the window's place when it shares the till's screen
    top: int = whole(0, low=0)
    width: int = whole(800, low=320)
    height: int = whole(600, low=240)
    thank_you_seconds: int = whole(20, low=1, high=600)   # the thank-you screen, then the welcome screen


@dataclass(frozen=True, kw_only=True)
class LifecycleConfig:
    """Behaviour groups, churn stages with their automatic offers, replenishment, holdout (SPEC §11)."""

    groups_enabled: bool = flag(True)
    sleeping_days: int = whole(90, low=1)
    new_days: int = whole(30, low=1)
    new_min_paid_fen: int = money("300", toml_name="new_min_paid")
    stable_months: int = whole(3, low=1, high=12)
    whale_spend_fen: int = money("5000", toml_name="whale_spend")
    whale_window_days: int = whole(365, low=1)
    price_sensitive_share: Decimal = rate("0.8", high=1)
    at_risk_days: int = whole(30, low=1)
    win_back_days: int = whole(60, low=1)
    at_risk_offer: bool = flag(False)
    at_risk_kind: str = choice("amount", COUPON_KINDS)
    at_risk_value: Decimal = rate("10", high=100000)     # yuan for amount/cash, fraction off for percent
    at_risk_threshold_fen: int = money("100", toml_name="at_risk_threshold")
    at_risk_valid_days: int = whole(14, low=1)
    win_back_offer: bool = flag(True)
    win_back_kind: str = choice("amount", COUPON_KINDS)
    win_back_value: Decimal = rate("15", high=100000)
    win_back_threshold_fen: int = money("100", toml_name="win_back_threshold")
    win_back_valid_days: int = whole(14, low=1)
    replenishment_enabled: bool = flag(True)
    replenishment_lead_days: int = whole(3, low=0)
    receipt_due_soon: bool = flag(True)                  # a member's receipt lists consumables due soon
    receipt_due_soon_max: int = whole(3, low=1, high=10)   # ...at most this many
    receipt_due_soon_days: int = whole(7, low=0, high=90)  # ...due within this many days of the sale
    holdout_percent: int = whole(10, low=0, high=90)
    uplift_days: int = whole(30, low=1)


@dataclass(frozen=True, kw_only=True)
class JobsConfig:
    """The scheduled jobs (`pos jobs run`): which run, and whether an idle till runs them."""

    expiry: bool = flag(True)
    tiers: bool = flag(True)
    regroup: bool = flag(True)
    offers: bool = flag(True)
    replenishment: bool = flag(True)
    when_idle: bool = flag(False)
    idle_minutes: int = whole(10, low=1)
    lease_minutes: int = whole(60, low=1)     # a run that died this long ago may be taken over


@dataclass(frozen=True)
class StoreConfig:
    store: StoreInfo
    receipt: ReceiptConfig
    printer: PrinterConfig
    growth: GrowthConfig
    tiers: tuple[Tier, ...]
    points: PointsConfig
    coupons: CouponConfig
    returns: ReturnsConfig
    segments: SegmentsConfig
    security: SecurityConfig
    customer_display: CustomerDisplayConfig = field(default_factory=CustomerDisplayConfig)
    lifecycle: LifecycleConfig = field(default_factory=LifecycleConfig)
    jobs: JobsConfig = field(default_factory=JobsConfig)
    source: str = field(default="", compare=False)
    bounce_back: BounceBackConfig = field(default_factory=BounceBackConfig)
    referral: ReferralConfig = field(default_factory=ReferralConfig)
    stamps: StampsConfig = field(default_factory=StampsConfig)
    rewards: RewardsConfig = field(default_factory=RewardsConfig)
    earn_ladder: EarnLadderConfig = field(default_factory=EarnLadderConfig)
    bounce_back_steps: tuple[BounceStep, ...] = DEFAULT_BOUNCE_STEPS
    earn_ladder_steps: tuple[EarnStep, ...] = DEFAULT_EARN_STEPS

    def tier(self, key: str) -> Tier:
        for tier in self.tiers:
            if tier.key == key:
                return tier
        raise KeyError(key)

    @property
    def entry_tier(self) -> Tier:
        return self.tiers[0]


SECTIONS: dict[str, type] = {"store": StoreInfo, "receipt": ReceiptConfig, "printer": PrinterConfig,
                             "growth": GrowthConfig, "points": PointsConfig, "coupons": CouponConfig,
                             "returns": ReturnsConfig, "segments": SegmentsConfig, "security": SecurityConfig,
                             "bounce_back": BounceBackConfig, "referral": ReferralConfig, "stamps": StampsConfig,
                             "rewards": RewardsConfig, "earn_ladder": EarnLadderConfig,
                             "customer_display": CustomerDisplayConfig, "lifecycle": LifecycleConfig,
                             "jobs": JobsConfig}
# [[lists]] of steps besides [[tiers]]: each absent list keeps its default steps
STEP_LISTS: dict[str, type] = {"bounce_back_steps": BounceStep, "earn_ladder_steps": EarnStep}

# Keys that were settings once. Saved settings and store files still carry them, so refusing them
# would stop every till from starting (or make it fall back to the shipped file): they are accepted
# with the one value they could ever hold, and ignored; any other value is refused as a setting
# that no longer exists.
RETIRED = {"coupons.max_per_sale": (1, "a sale takes at most one coupon; delete this line")}

# What [printer] target may name for each kind, so that a receipt can never be written over an
# arbitrary file: kind -> (accepts the target?, what to write instead).
def _pattern(regex: str) -> Callable[[str], bool]:
    return lambda target: re.fullmatch(regex, target) is not None


def _pdf_target(target: str) -> bool:
    """A folder (no suffix) or a .pdf file, never a device or a kernel file; empty: the temporary folder."""
    return target == "" or (not target.startswith(("/dev/", "/proc/", "/sys/")) and "\0" not in target
                            and Path(target).suffix.lower() in ("", ".pdf"))


def _network_target(target: str) -> bool:
    host, _, port = target.rpartition(":") if ":" in target else (target, "", "9100")
    return (re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?", host) is not None
            and port.isdecimal() and 1 <= int(port) <= 65535)


_PRINTER_TARGETS: dict[str, tuple[Callable[[str], bool], str]] = {
    "pdf": (_pdf_target, "a folder for the PDF files or a file ending in .pdf (empty: the temporary folder)"),
    "escpos-file": (_pattern(r"/dev/(?:usb/lp\d+|lp\d+|tty(?:USB|ACM|S)\d+|rfcomm\d+|serial/by-(?:id|path)/[\w.:+-]+)"),
                    "a printer device such as /dev/usb/lp0, /dev/ttyUSB0 or /dev/serial/by-id/..."),
    "escpos-network": (_network_target, "host:port of a network printer, such as 192.168.1.50:9100"),
    "escpos-usb": (_pattern(r"[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}"), "vendor:product in hex, such as 04b8:0202"),
    # CUPS queue names: printable, without space, tab, / \ ' " or #; a leading - would read as an lp option
    "system": (_pattern(r"|[^\s\x00-\x1f\x7f/\\'\"#-][^\s\x00-\x1f\x7f/\\'\"#]{0,126}"),
               "a CUPS printer name (no spaces, quotes, / or #), or empty for the default printer"),
    "none": (lambda target: True, "anything (nothing is printed)"),
}


def printer_target_refused(kind: str, target: str) -> str | None:
    """None when `target` is a place `kind` may print to; else what it should be (a store's printer)."""
    accepts, expected = _PRINTER_TARGETS[kind]
    return None if accepts(target) else expected


# ---------------------------------------------------------------- loading

def load_config(path: str | Path | None = None) -> StoreConfig:
    path = Path(path) if path else DEFAULT_CONFIG_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read configuration file {path}: {exc.strerror}") from None
    return parse_config(text, source=str(path))


def parse_config(text: str, source: str = "<string>") -> StoreConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    return config_from_dict(data, source)


def config_from_dict(data: dict[str, Any], source: str = "<dict>") -> StoreConfig:
    try:
        _refuse_unknown(data, [*SECTIONS, "tiers", *STEP_LISTS], "")
        sections = {name: _section(cls, data.get(name, {}), name) for name, cls in SECTIONS.items()}
        steps: dict[str, Any] = {name: _steps(cls, data[name], name) for name, cls in STEP_LISTS.items()
                                 if name in data}
        config = StoreConfig(**sections, **steps, tiers=_tiers(data.get("tiers")), source=source)
        _check_consistency(config)
    except _Refused as refused:
        raise ConfigError(f"{source}: {refused}") from None
    return config


def setting_of(f: Any) -> Setting:
    return f.metadata["setting"]


def toml_name(f: Any) -> str:
    return setting_of(f).toml_name or f.name


def _section(cls: type, table: Any, path: str) -> Any:
    if not isinstance(table, dict):
        raise _Refused(f"{path}: expected a [{path}] table of settings")
    known = {toml_name(f): f for f in fields(cls)}
    _refuse_unknown(table, known, path)
    values = {}
    for name, f in known.items():
        key, setting = f"{path}.{name}", setting_of(f)
        if name not in table:
            if f.default is MISSING:
                raise _Refused(f"{key} is missing")
            continue
        value = setting.read(table[name])
        if value is None:
            raise _Refused(f"{key} = {table[name]!r}: expected {setting.expected}")
        values[f.name] = value
    return cls(**values)


def _refuse_unknown(table: dict[str, Any], known: Any, path: str) -> None:
    for key, value in table.items():
        if key in known:
            continue
        dotted = f"{path}.{key}" if path else key
        if dotted in RETIRED:
            kept, why = RETIRED[dotted]
            if type(value) is type(kept) and value == kept:
                continue
            raise _Refused(f"{dotted} = {value!r}: no longer a setting ({why})")
        from difflib import get_close_matches  # only when refusing: keeps the till's start quick

        near = get_close_matches(key, list(known), n=1)
        raise _Refused(f"{dotted}: unknown setting" + (f" (did you mean {near[0]}?)" if near else "")
                       + f"; known here: {', '.join(known)}")


def _tiers(raw: Any) -> tuple[Tier, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(t, dict) for t in raw):
        raise _Refused("tiers: expected a non-empty list of [[tiers]] tables")
    tiers = []
    for i, table in enumerate(raw):
        try:
            tiers.append(_section(Tier, table, f"tiers[{i}]"))
        except _Refused as refused:
            name = table.get("key")
            raise _Refused(f"{refused} (in the tier {name!r})" if isinstance(name, str) else str(refused)) from None
    return tuple(tiers)


def _steps(cls: type, raw: Any, path: str) -> tuple:
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise _Refused(f"{path}: expected a list of [[{path}]] tables")
    return tuple(_section(cls, table, f"{path}[{i}]") for i, table in enumerate(raw))


def _check_consistency(c: StoreConfig) -> None:
    keys = [t.key for t in c.tiers]
    if len(set(keys)) != len(keys):
        raise _Refused(f"tiers: duplicate tier key in {keys}")
    if c.tiers[0].growth != 0 or c.tiers[0].purchases != 0:
        raise _Refused("tiers[0].growth: the first tier is the entry tier and must need 0")
    for i in range(1, len(c.tiers)):
        if c.tiers[i].growth <= c.tiers[i - 1].growth and c.tiers[i].purchases <= c.tiers[i - 1].purchases:
            raise _Refused(f"tiers[{i}].growth: tiers must be listed in ascending order")
    if c.points.redeem_minimum % c.points.redeem_step:
        raise _Refused("points.redeem_minimum must be a multiple of points.redeem_step")
    s = c.segments
    if not s.at_risk_days < s.hibernating_days < s.lost_days:
        raise _Refused("segments.at_risk_days < hibernating_days < lost_days must hold")
    for i, step in enumerate(c.bounce_back_steps):
        if step.value <= 0 or (step.kind == "percent" and step.value >= 1):
            raise _Refused(f"bounce_back_steps[{i}].value: a percent step takes a fraction off below 1 "
                           "(\"0.15\"), the other kinds a positive amount or multiplier")
    if not c.lifecycle.at_risk_days < c.lifecycle.win_back_days:
        raise _Refused("lifecycle.at_risk_days < win_back_days must hold")
    accepts, expected = _PRINTER_TARGETS[c.printer.kind]
    if not accepts(c.printer.target):
        raise _Refused(f"printer.target = {c.printer.target!r}: expected, for kind {c.printer.kind!r}, {expected}")

