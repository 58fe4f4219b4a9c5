"""Migrations run against the settings' DATABASE_URL (or a URL passed in by tests)."""

from logging.config import fileConfig

from sqlmodel import SQLModel

from alembic import context
from helsecert_portal import models  # noqa: F401  (registers every table)
from helsecert_portal.core.db import make_engine
from helsecert_portal.core.settings import load_settings

config = context.config
if config.config_file_name and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    url = config.attributes.get("database_url") or load_settings().database_url
    engine = make_engine(url)
    with engine.connect() as connection:
        if url.startswith("sqlite"):
            # Batch migrations rebuild a table (copy, drop, rename); with foreign keys enforced the drop of a
            # referenced table fails on a database that has rows. Switched off for the migration only
            # (the pragma is a no-op inside a transaction, so it goes first), then checked afterwards.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # end the autobegun transaction, so the migration's own one commits
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=url.startswith("sqlite"),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if url.startswith("sqlite"):
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left rows with broken foreign keys: {broken[:5]}")
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
    engine.dispose()


run_migrations_online()
