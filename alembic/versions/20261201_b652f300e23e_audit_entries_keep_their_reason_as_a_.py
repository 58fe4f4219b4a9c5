"""audit entries keep their reason as a code, rendered through the texts

Revision ID: b652f300e23e
Revises: e05b71a4cd86
Create Date: 2026-12-01 21:20:54.196147
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'b652f300e23e'
down_revision: Union[str, None] = 'e05b71a4cd86'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# Entries written before this revision carry Norwegian sentences; they become codes with their argument.
FIXED = {
    "fjernet av administrator": "removed_by_admin",
    "utnevnt til administrator": "appointed_admin",
    "adressen ble fjernet": "address_removed",
    "godkjent forespørsel": "approved_request",
}


def _recode(detail: str) -> tuple[str, str] | None:
    if detail in FIXED:
        return FIXED[detail], ""
    if detail.startswith("automatisk via "):
        return "auto_domain", detail.rpartition("@")[2]  # the domain only: the address is not kept
    if detail.startswith("domenet ") and detail.endswith(" ble fjernet"):
        return "domain_removed", detail[len("domenet "):-len(" ble fjernet")]
    if detail.startswith("ubehandlet i ") and detail.endswith(" dager"):
        return "unhandled_days", detail[len("ubehandlet i "):-len(" dager")]
    return None


def upgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False, server_default=''))

    audit = sa.table("audit_event", sa.column("id", sa.String), sa.column("detail", sa.String), sa.column("detail_code", sa.String))
    conn = op.get_bind()
    for row_id, detail in conn.execute(sa.select(audit.c.id, audit.c.detail)).all():
        recoded = _recode(detail or "")
        if recoded is not None:
            conn.execute(audit.update().where(audit.c.id == row_id).values(detail_code=recoded[0], detail=recoded[1]))


def downgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('detail_code')

