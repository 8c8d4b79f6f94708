"""More of the dashboard's figures and every staff page's menu count from indexes alone

- the needs waiting for a person's review: the author joins (status, department);
- a need's version joins the figures' covering index (the figures ask whether a reopened
  need's approved version stands);
- a need's published dialogues carry their ids, and a dialogue's registrations who
  registered, whether withdrawn and when (INCLUDE: PostgreSQL's; SQLite keeps the keys);
- the newest published dialogues are read newest first from an index

Revision ID: 0026_indexes
Revises: 0025_figures
Create Date: 2026-12-07 17:10:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026_indexes'
down_revision = '0025_figures'
branch_labels = None
depends_on = None

# As procure.needs.models.FIGURE_COLUMNS on the day of this migration.
FIGURE_COLUMNS = ["id", "status", "version", "created_at", "first_approved_at",
                  "first_dialogue_at", "first_tendered_at", "estimated_value_sek", "procedure",
                  "finding_count", "author_id"]
# And on the day of 0025.
FIGURE_COLUMNS_0025 = ["id", "status", "created_at", "first_approved_at", "first_dialogue_at",
                       "first_tendered_at", "estimated_value_sek", "procedure",
                       "finding_count", "author_id"]


def _replace(name, table, columns, **options):
    op.drop_index(name, table_name=table)
    op.create_index(name, table, columns, unique=False, **options)


def upgrade():
    _replace('ix_needs_status_department', 'needs', ['status', 'department_id', 'author_id'])
    _replace('ix_needs_figures', 'needs', ['department_id', 'year', 'cpv_division'],
             postgresql_include=FIGURE_COLUMNS)
    _replace('ix_dialogues_need_published', 'dialogues', ['need_id', 'published_at', 'status'],
             postgresql_include=['id'])
    _replace('ix_dialogue_registrations_dialogue_id', 'dialogue_registrations', ['dialogue_id'],
             postgresql_include=['organisation_id', 'cancelled_at', 'created_at'])
    op.create_index('ix_dialogues_published', 'dialogues', ['published_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_dialogues_published', table_name='dialogues')
    _replace('ix_dialogue_registrations_dialogue_id', 'dialogue_registrations', ['dialogue_id'])
    _replace('ix_dialogues_need_published', 'dialogues', ['need_id', 'published_at', 'status'])
    _replace('ix_needs_figures', 'needs', ['department_id', 'year', 'cpv_division'],
             postgresql_include=FIGURE_COLUMNS_0025)
    _replace('ix_needs_status_department', 'needs', ['status', 'department_id'])
