"""Audit events keep the client's address; sign-in events are named auth.* like the
other authentication events (older rows were user.login and user.logout).

Revision ID: 0010_audit_address
Revises: 0009_pcp
Create Date: 2026-11-24 04:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0010_audit_address'
down_revision = '0009_pcp'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=45), nullable=True))
    for old, new in (("user.login", "auth.login"), ("user.logout", "auth.logout")):
        op.execute(sa.text("UPDATE audit_events SET action = :new WHERE action = :old")
                   .bindparams(new=new, old=old))


def downgrade():
    for old, new in (("user.login", "auth.login"), ("user.logout", "auth.logout")):
        op.execute(sa.text("UPDATE audit_events SET action = :old WHERE action = :new")
                   .bindparams(new=new, old=old))
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('address')
