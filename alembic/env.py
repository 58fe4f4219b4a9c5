"""Migrations run against the settings' DATABASE_URL (or a URL passed in by tests)."""

from logging.config import fileConfig

from alembic import context
from sqlmodel import SQLModel

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
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=url.startswith("sqlite"),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
