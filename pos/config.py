"""Store configuration: TOML -> frozen dataclasses, validated with messages naming the key.

Every rule number of SPEC.md lives here. Money is held in fen (int), rates as Decimal.
The domain (pos.loyalty) reads these dataclasses; nothing else holds rule numbers.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pos.errors import BadInput

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "assets" / "config.toml"
PRINTER_KINDS = ("pdf", "escpos-file", "escpos-network", "escpos-usb", "system", "none")
COUPON_KINDS = ("amount", "percent", "cash")


class ConfigError(BadInput):
    def __init__(self, message: str) -> None:
        super().__init__("config_invalid", message)


@dataclass(frozen=True)
class StoreInfo:
    name: str
    address: str
    phone: str
    currency_symbol: str = "¥"
    default_region: str = "CN"
    locale: str = "zh_CN"


@dataclass(frozen=True)
class ReceiptConfig:
    header: str
    footer: str
    join_member_url: str
    join_member_text: str
    paper_width_mm: int = 80
    expiring_days: int = 30


@dataclass(frozen=True)
class PrinterConfig:
    kind: str = "pdf"
    target: str = ""
    copies: int = 1


@dataclass(frozen=True)
class GrowthConfig:
    window_days: int = 365
    per_yuan: int = 1
    grace_days: int = 30
    max_drop_per_evaluation: int = 1


@dataclass(frozen=True)
class Tier:
    key: str
    name: str
    name_zh: str
    growth: int            # growth value needed (0 for the entry tier)
    purchases: int         # purchase count in the window that also qualifies (0 = not used)
    discount: Decimal      # fraction off eligible lines, e.g. Decimal("0.05")
    points_multiplier: Decimal
    color: str
    group_url: str
    group_text: str

    def label(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else self.name


@dataclass(frozen=True)
class PointsConfig:
    earn_per_yuan: Decimal = Decimal(1)
    redeem_points_per_yuan: int = 100
    redeem_minimum: int = 100
    redeem_step: int = 100
    redeem_max_share: Decimal = Decimal("0.5")
    manager_pin_above: int = 5000
    expiry: str = "end_of_next_year"
    birthday_multiplier: Decimal = Decimal(2)
    member_day: int = 25
    member_day_multiplier: Decimal = Decimal(2)


@dataclass(frozen=True)
class CouponConfig:
    code_prefix: str = "C"
    code_length: int = 10
    default_valid_days: int = 30
    max_per_sale: int = 1
    welcome_enabled: bool = True
    welcome_kind: str = "cash"
    welcome_value: Decimal = Decimal(5)   # yuan for amount/cash, fraction off for percent
    welcome_threshold_fen: int = 0
    welcome_valid_days: int = 30


@dataclass(frozen=True)
class ReturnsConfig:
    manager_pin_above_fen: int = 50000
    window_days: int = 7


@dataclass(frozen=True)
class SegmentsConfig:
    window_days: int = 365
    at_risk_days: int = 30
    hibernating_days: int = 60
    lost_days: int = 90
    new_days: int = 30
    whale_spend_fen: int = 500000


@dataclass(frozen=True)
class SecurityConfig:
    pin_max_failures: int = 5
    pin_lockout_minutes: int = 5
    qr_key_overlap_days: int = 30
    backup_keep: int = 14          # pos backups kept in the backup's folder (0: never prune)


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
    source: str = field(default="", compare=False)

    def tier(self, key: str) -> Tier:
        for tier in self.tiers:
            if tier.key == key:
                return tier
        raise KeyError(key)

    @property
    def entry_tier(self) -> Tier:
        return self.tiers[0]


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
    r = _Reader(data, source)
    config = StoreConfig(
        store=StoreInfo(
            name=r.text("store.name"), address=r.text("store.address", ""),
            phone=r.text("store.phone", ""), currency_symbol=r.text("store.currency_symbol", "¥"),
            default_region=r.text("store.default_region", "CN"),
            locale=r.choice("store.locale", ("zh_CN", "en"), "zh_CN"),
        ),
        receipt=ReceiptConfig(
            header=r.text("receipt.header", ""), footer=r.text("receipt.footer", ""),
            join_member_url=r.text("receipt.join_member_url"),
            join_member_text=r.text("receipt.join_member_text", ""),
            paper_width_mm=r.choice("receipt.paper_width_mm", (80, 58), 80),
            expiring_days=r.integer("receipt.expiring_days", 30, minimum=0),
        ),
        printer=PrinterConfig(
            kind=r.choice("printer.kind", PRINTER_KINDS, "pdf"),
            target=r.text("printer.target", ""),
            copies=r.integer("printer.copies", 1, minimum=1, maximum=5),
        ),
        growth=GrowthConfig(
            window_days=r.integer("growth.window_days", 365, minimum=1),
            per_yuan=r.integer("growth.per_yuan", 1, minimum=0),
            grace_days=r.integer("growth.grace_days", 30, minimum=0),
            max_drop_per_evaluation=r.integer("growth.max_drop_per_evaluation", 1, minimum=1),
        ),
        tiers=_tiers(r),
        points=PointsConfig(
            earn_per_yuan=r.rate("points.earn_per_yuan", "1", maximum=Decimal(100)),
            redeem_points_per_yuan=r.integer("points.redeem_points_per_yuan", 100, minimum=1),
            redeem_minimum=r.integer("points.redeem_minimum", 100, minimum=0),
            redeem_step=r.integer("points.redeem_step", 100, minimum=1),
            redeem_max_share=r.rate("points.redeem_max_share", "0.5", maximum=Decimal(1)),
            manager_pin_above=r.integer("points.manager_pin_above", 5000, minimum=0),
            expiry=r.choice("points.expiry", ("end_of_next_year", "never"), "end_of_next_year"),
            birthday_multiplier=r.rate("points.birthday_multiplier", "2", maximum=Decimal(100)),
            member_day=r.integer("points.member_day", 25, minimum=0, maximum=31),
            member_day_multiplier=r.rate("points.member_day_multiplier", "2", maximum=Decimal(100)),
        ),
        coupons=CouponConfig(
            code_prefix=r.text("coupons.code_prefix", "C"),
            code_length=r.integer("coupons.code_length", 10, minimum=6, maximum=32),
            default_valid_days=r.integer("coupons.default_valid_days", 30, minimum=1),
            max_per_sale=r.integer("coupons.max_per_sale", 1, minimum=1, maximum=1),
            welcome_enabled=r.boolean("coupons.welcome_enabled", True),
            welcome_kind=r.choice("coupons.welcome_kind", COUPON_KINDS, "cash"),
            welcome_value=r.rate("coupons.welcome_value", "5", maximum=Decimal(100000)),
            welcome_threshold_fen=r.money("coupons.welcome_threshold", "0"),
            welcome_valid_days=r.integer("coupons.welcome_valid_days", 30, minimum=1),
        ),
        returns=ReturnsConfig(
            manager_pin_above_fen=r.money("returns.manager_pin_above", "500"),
            window_days=r.integer("returns.window_days", 7, minimum=0),
        ),
        segments=SegmentsConfig(
            window_days=r.integer("segments.window_days", 365, minimum=1),
            at_risk_days=r.integer("segments.at_risk_days", 30, minimum=1),
            hibernating_days=r.integer("segments.hibernating_days", 60, minimum=1),
            lost_days=r.integer("segments.lost_days", 90, minimum=1),
            new_days=r.integer("segments.new_days", 30, minimum=1),
            whale_spend_fen=r.money("segments.whale_spend", "5000"),
        ),
        security=SecurityConfig(
            pin_max_failures=r.integer("security.pin_max_failures", 5, minimum=1),
            pin_lockout_minutes=r.integer("security.pin_lockout_minutes", 5, minimum=0),
            qr_key_overlap_days=r.integer("security.qr_key_overlap_days", 30, minimum=0),
            backup_keep=r.integer("security.backup_keep", 14, minimum=0),
        ),
        source=source,
    )
    _check_consistency(config)
    return config


def _tiers(r: _Reader) -> tuple[Tier, ...]:
    raw = r.get("tiers")
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{r.source}: 'tiers' must be a non-empty list of [[tiers]] tables")
    tiers = []
    for i, _ in enumerate(raw):
        p = f"tiers[{i}]"
        tiers.append(Tier(
            key=r.text(f"{p}.key"), name=r.text(f"{p}.name"), name_zh=r.text(f"{p}.name_zh", ""),
            growth=r.integer(f"{p}.growth", minimum=0),
            purchases=r.integer(f"{p}.purchases", 0, minimum=0),
            discount=r.rate(f"{p}.discount", "0", maximum=Decimal(1)),
            points_multiplier=r.rate(f"{p}.points_multiplier", "1", maximum=Decimal(100)),
            color=r.text(f"{p}.color", "#777777"),
            group_url=r.text(f"{p}.group_url", ""), group_text=r.text(f"{p}.group_text", ""),
        ))
    return tuple(tiers)


def _check_consistency(c: StoreConfig) -> None:
    src = c.source
    keys = [t.key for t in c.tiers]
    if len(set(keys)) != len(keys):
        raise ConfigError(f"{src}: tiers: duplicate tier key in {keys}")
    if c.tiers[0].growth != 0 or c.tiers[0].purchases != 0:
        raise ConfigError(f"{src}: tiers[0].growth: the first tier is the entry tier and must need 0")
    for i in range(1, len(c.tiers)):
        if c.tiers[i].growth <= c.tiers[i - 1].growth and c.tiers[i].purchases <= c.tiers[i - 1].purchases:
            raise ConfigError(f"{src}: tiers[{i}].growth: tiers must be listed in ascending order")
    if c.points.redeem_minimum % c.points.redeem_step:
        raise ConfigError(f"{src}: points.redeem_minimum must be a multiple of points.redeem_step")
    s = c.segments
    if not s.at_risk_days < s.hibernating_days < s.lost_days:
        raise ConfigError(f"{src}: segments.at_risk_days < hibernating_days < lost_days must hold")


class _Reader:
    """Reads dotted keys ('tiers[1].discount') and names the key in every error."""

    _MISSING = object()

    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.data = data
        self.source = source

    def get(self, key: str, default: Any = _MISSING) -> Any:
        node: Any = self.data
        for part in key.replace("[", ".[").split("."):
            if part.startswith("["):
                index = int(part[1:-1])
                node = node[index] if isinstance(node, list) and index < len(node) else self._MISSING
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                node = self._MISSING
            if node is self._MISSING:
                break
        if node is self._MISSING:
            if default is self._MISSING:
                raise ConfigError(f"{self.source}: {key} is missing")
            return default
        return node

    def fail(self, key: str, value: Any, expected: str) -> ConfigError:
        return ConfigError(f"{self.source}: {key} = {value!r}: expected {expected}")

    def text(self, key: str, default: Any = _MISSING) -> str:
        value = self.get(key, default)
        if not isinstance(value, str):
            raise self.fail(key, value, "a text string")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, value, "true or false")
        return value

    def integer(self, key: str, default: Any = _MISSING, *, minimum: int | None = None,
                maximum: int | None = None) -> int:
        value = self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, value, "a whole number")
        if minimum is not None and value < minimum:
            raise self.fail(key, value, f"a whole number >= {minimum}")
        if maximum is not None and value > maximum:
            raise self.fail(key, value, f"a whole number <= {maximum}")
        return value

    def choice(self, key: str, options: tuple, default: Any = _MISSING) -> Any:
        value = self.get(key, default)
        if value not in options:
            raise self.fail(key, value, "one of " + ", ".join(map(str, options)))
        return value

    def rate(self, key: str, default: Any = _MISSING, *, maximum: Decimal) -> Decimal:
        value = self.get(key, default)
        if isinstance(value, float):
            raise self.fail(key, value, 'a quoted decimal string such as "0.05" (floats are inexact)')
        try:
            number = Decimal(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0 or number > maximum:
            raise self.fail(key, value, f"a decimal between 0 and {maximum}")
        return number

    def money(self, key: str, default: Any = _MISSING) -> int:
        value = self.rate(key, default, maximum=Decimal(100000000))
        if value != value.quantize(Decimal("0.01")):
            raise self.fail(key, value, "an amount with at most two decimals")
        return int(value * 100)
