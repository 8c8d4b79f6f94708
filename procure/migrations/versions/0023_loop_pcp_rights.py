"""How a PCP plan shares results and rights: who owns the results, the city's licence,
licences to third parties, what the city may publish, and notes

Revision ID: 0023_loop
Revises: 0022_verify
Create Date: 2026-12-07 06:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023_loop'
down_revision = '0022_verify'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pcp_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results_owner', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('city_licence', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('third_party_licences', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('publication', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('rights_notes', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.create_check_constraint(
            op.f('ck_pcp_plans_results_owner'),
            "results_owner IS NULL OR results_owner IN ('suppliers', 'shared', 'city')")
        batch_op.create_check_constraint(
            op.f('ck_pcp_plans_publication'),
            "publication IS NULL OR publication IN ('none', 'summaries', 'full')")


def downgrade():
    with op.batch_alter_table('pcp_plans', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_pcp_plans_publication'), type_='check')
        batch_op.drop_constraint(op.f('ck_pcp_plans_results_owner'), type_='check')
        batch_op.drop_column('rights_notes')
        batch_op.drop_column('publication')
        batch_op.drop_column('third_party_licences')
        batch_op.drop_column('city_licence')
        batch_op.drop_column('results_owner')
