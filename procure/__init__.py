"""procure: innovation-procurement pipeline and market-dialogue tracker for public buyers."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, handlers, commands.

    ``config`` overrides what the environment says (tests pass their database here).
    No network calls and no migrations happen here.
    """
    app = Flask(__name__, instance_path=os.environ.get("PROCURE_INSTANCE_PATH") or None)
    from procure.config import load_config

    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    configure_logging(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind N proxies, take the client's address and scheme from their headers.

    Without this every request seems to come from the load balancer, and one person's
    failed sign-ins would rate-limit the whole city.
    """
    hops = app.config["PROXY_COUNT"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    from procure import i18n
    from procure.auth.access import configure_login
    from procure.core import kept
    from procure.db import MIGRATIONS_DIR
    from procure.extensions import babel, csrf, db, limiter, migrate

    db.init_app(app)
    kept.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    configure_login(app)
    i18n.init_app(app, babel)
    import_models()


def import_models() -> None:
    """Import every domain's models so the metadata (and Alembic) sees all tables."""
    from sqlalchemy.orm import configure_mappers

    from procure.assessment import models as _assessment  # noqa: F401
    from procure.awards import models as _awards  # noqa: F401
    from procure.audit import models as _audit  # noqa: F401
    from procure.auth import models as _auth  # noqa: F401
    from procure.cpv import models as _cpv  # noqa: F401
    from procure.departments import models as _departments  # noqa: F401
    from procure.followup import models as _followup  # noqa: F401
    from procure.ideas import models as _ideas  # noqa: F401
    from procure.dialogues import models as _dialogues  # noqa: F401
    from procure.mail import models as _mail  # noqa: F401
    from procure.marketscan import models as _marketscan  # noqa: F401
    from procure.needs import models as _needs  # noqa: F401
    from procure.pcp import models as _pcp  # noqa: F401
    from procure.portfolio import models as _portfolio  # noqa: F401
    from procure.risks import models as _risks  # noqa: F401
    from procure.scenarios import models as _scenarios  # noqa: F401
    from procure.suppliers import models as _suppliers  # noqa: F401

    # Now, not at the first query: a model may declare the other side of a relationship
    # (SupplierOrganisation.members gives User.organisation).
    configure_mappers()


def register_blueprints(app: Flask) -> None:
    from procure.core.converters import IdConverter

    app.url_map.converters["id"] = IdConverter
    from procure.admin import bp as admin_bp
    from procure.alerts import bp as alerts_bp
    from procure.assessment import bp as assessment_bp
    from procure.awards import bp as awards_bp
    from procure.cases import bp as cases_bp
    from procure.followup import bp as followup_bp
    from procure.auth import bp as auth_bp
    from procure.core import bp as core_bp
    from procure.cpv import bp as cpv_bp
    from procure.dialogues import bp as dialogues_bp
    from procure.ideas import bp as ideas_bp
    from procure.marketscan import bp as marketscan_bp
    from procure.metrics import bp as metrics_bp
    from procure.needs import bp as needs_bp
    from procure.opendata import bp as opendata_bp
    from procure.pcp import bp as pcp_bp
    from procure.portfolio import bp as portfolio_bp
    from procure.risks import bp as risks_bp
    from procure.privacy import bp as privacy_bp
    from procure.scenarios import bp as scenarios_bp
    from procure.suppliers import bp as suppliers_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(suppliers_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(cpv_bp)
    app.register_blueprint(needs_bp)
    app.register_blueprint(marketscan_bp)
    app.register_blueprint(scenarios_bp)
    app.register_blueprint(dialogues_bp)
    app.register_blueprint(alerts_bp)
    app.register_blueprint(pcp_bp)
    app.register_blueprint(opendata_bp)
    app.register_blueprint(metrics_bp)
    app.register_blueprint(assessment_bp)
    app.register_blueprint(ideas_bp)
    app.register_blueprint(risks_bp)
    app.register_blueprint(awards_bp)
    app.register_blueprint(followup_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(portfolio_bp)
    register_statement_sections()
    register_step_forms()
    register_direct_awards()
    register_need_page_panels()
    from procure.workday import views as workday

    workday.register(app)


def register_step_forms() -> None:
    """The pages where the need's steps that record something are taken."""
    from procure.needs.views import STEP_FORMS

    STEP_FORMS.update(tender="awards.tender", award="awards.award",
                      decision="followup.decision")


def register_direct_awards() -> None:
    """The adviser adds up the city's direct awards from the award records."""
    from procure.awards.services import direct_awards_sum
    from procure.needs.loading import DIRECT_AWARDS_SUM

    DIRECT_AWARDS_SUM[:] = [direct_awards_sum]


def register_need_page_panels() -> None:
    """The rows of the other domains' panels on the need page, so that its kept part
    changes when they do (procure.needs.page_part)."""
    from procure.awards import services as awards
    from procure.dialogues import views as dialogues
    from procure.ideas import services as ideas
    from procure.marketscan import services as marketscan
    from procure.needs.page_part import PANEL_TRACKS

    PANEL_TRACKS[:] = [awards.need_page_tracks, ideas.need_page_tracks,
                       dialogues.need_page_tracks, marketscan.need_page_tracks]


def register_statement_sections() -> None:
    """The sections other domains add to the need statement's outline, in its order, and
    which statement version the market may read (the dialogues know it)."""
    from procure.dialogues.reporting import MARKET_DIALOGUE
    from procure.dialogues.services import published_need_version
    from procure.marketscan.statement import EARLIER_PROCUREMENTS
    from procure.needs.outline import contribute
    from procure.needs.statement import PUBLISHED_VERSION
    from procure.pcp.statement import PCP_PLAN
    from procure.scenarios.statement import CONTRACT_LENGTH

    contribute(EARLIER_PROCUREMENTS, MARKET_DIALOGUE, PCP_PLAN, CONTRACT_LENGTH)
    PUBLISHED_VERSION[:] = [published_need_version]


def register_request_hooks(app: Flask) -> None:
    from procure.core.request_text import drop_untypable_characters
    from procure.core.security import add_security_headers
    from procure.db import read_only
    from procure.extensions import db

    app.before_request(drop_untypable_characters)
    app.after_request(add_security_headers)

    @app.teardown_request
    def rollback_unfinished(exc):
        # One commit per request, done by the view; anything left open is thrown away.
        if exc is not None:
            db.session.rollback()

    @app.teardown_appcontext
    def end_reading(exc):
        # Before Flask-SQLAlchemy closes the session (teardowns run in reverse order): a
        # transaction that only read ends with COMMIT, not ROLLBACK (procure.db.read_only).
        # It never raises: an error here would keep the session from being closed.
        session = db.session()
        try:
            if exc is None and read_only(session):
                # Nothing changed, so nothing to read again: objects still referenced (a
                # test's streamed file, say) keep their values.
                session.expire_on_commit = False
                session.commit()
        except Exception:  # the database gone away, say: the request has been answered
            app.logger.warning("ending a read-only transaction failed", exc_info=True)
            try:
                session.rollback()
            except Exception:  # nosec B110: the session is closed next whatever happens
                pass


def register_errorhandlers(app: Flask) -> None:
    from procure.core.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from procure.core.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    from procure.cli import register

    register(app)


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
