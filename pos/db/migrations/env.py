"""Alembic environment: uses the engine handed over in config.attributes.

On SQLite, foreign keys are switched off for the migration connection (batch-mode
table rebuilds with foreign keys on silently delete ON DELETE CASCADE children).
"""

from alembic import context
from sqlalchemy import text

from pos.db.models import Base

config = context.config
engine = config.attributes["engine"]
sqlite = engine.dialect.name == "sqlite"

with engine.connect() as connection:
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        connection.execute(text("PRAGMA foreign_keys=ON"))
