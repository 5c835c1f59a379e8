"""Database fixtures: a real SQLite file and, where a server is running, PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import Staff
from pos.services.context import AppContext
from pos.services.staff.accounts import create_staff
from tests.databases import NOW, drop_postgres, postgres_url, sqlite_url


class Clock:
    """A clock the test can move."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    server = request.getfixturevalue("pg_url")
    url = postgres_url(server)
    yield url
    drop_postgres(url)


@pytest.fixture
def clock():
    return Clock(NOW)


@pytest.fixture
def ctx(db_url, clock):
    context = AppContext(make_engine(db_url), load_config(), clock)
    yield context
    context.engine.dispose()


@pytest.fixture
def cashier(ctx):
    return create_staff(ctx, "C01", "Cashier One", "cashier", "1234")


@pytest.fixture
def manager(ctx):
    return create_staff(ctx, "M01", "Manager One", "manager", "8888")


def store_manager_id(ctx: AppContext) -> int:
    """The shop's manager (the demo's, or one added here): the id manager-only reads run for."""
    with ctx.read() as session:
        found = session.scalar(select(Staff.id).where(Staff.role == "manager").order_by(Staff.id))
    return found if found is not None else create_staff(ctx, "M09", "Boss", "manager", "9090").id


@pytest.fixture
def products(ctx):
    from pos.db.models import Product

    with ctx.write() as session:
        session.add_all([
            Product(sku="BIG", barcode="6900000000001", name="Big item", price_fen=100000, discountable=True),
            Product(sku="LAT", barcode="6900000000002", name="Latte 拿铁", price_fen=2800, discountable=True),
            Product(sku="CARD", barcode="6900000000003", name="Gift card", price_fen=10000, discountable=False),
        ])


