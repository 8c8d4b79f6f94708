"""Which form to fuzz for each POST rule of the app: who posts it, and where its form is.

Every rule of the URL map that accepts POST needs a row, so a new form is fuzzed (or
the test fails, as the access table does). A row names a role allowed to post and the
page whose ``<form>`` posts to the rule (by default the rule's own GET page). Pages use
the object placeholders of ``tests/test_access.py`` (a draft need of the education
department as ``<reference>``, supplier A's booking, minutes, question and attachment in
the demo's one-to-one dialogue, ...) or name demo objects directly where a form only
shows in a certain state: the draft dialogue (id 3), the closed one (id 4), the PCP in
phase 2 on AFF-2026-003 (the admin has declared, the elderly care officer not yet), the
draft need AFF-2026-002 with every section filled in (tests/fuzz/conftest.py prepares
the rest).
"""
from __future__ import annotations

from dataclasses import dataclass

from procure.needs.sections import SETTERS

RESET_TOKEN = "fuzz-reset-token-of-the-supplier"  # written in by tests/fuzz/conftest.py
VERIFY_TOKEN = "fuzz-registration-token"  # written in by tests/fuzz/conftest.py


@dataclass(frozen=True)
class Target:
    """Post the form found on ``page`` (the rule's own page if None) as ``role``."""

    role: str
    page: str | None = None

    def label(self, rule: str) -> str:
        return f"{rule} as {self.role}" + (f" on {self.page}" if self.page else "")


ONE_TO_ONE = "/dialogues/2"  # the demo's open one-to-one dialogue, where supplier A takes part
PCP_PHASE = "/needs/AFF-2026-003/pcp/phases/2"  # running, with the admin as an evaluator
CONTRACTED = "/needs/UTB-2026-002"  # the demo's contracted need, with outcomes and targets

TARGETS: dict[str, list[Target]] = {
    "/language": [Target("anonymous", "/"), Target("officer", "/needs/")],
    "/login": [Target("anonymous")],
    "/login/code": [Target("awaiting_code")],
    "/logout": [Target("officer", "/")],
    "/account/password": [Target("supplier")],
    "/account/email": [Target("supplier")],
    "/account/delete": [Target("supplier")],
    "/account/two-factor/start": [Target("officer", "/account/two-factor")],
    "/account/two-factor/confirm": [Target("reviewer", "/account/two-factor")],
    "/account/two-factor/off": [Target("other_officer", "/account/two-factor")],
    "/account/two-factor/recovery-codes": [Target("other_officer", "/account/two-factor")],
    "/password/reset": [Target("anonymous")],
    # A browser that followed the reset link: the token is in its session.
    "/password/new": [Target("following_reset_link")],
    "/suppliers/register": [Target("anonymous")],
    # A browser that followed a confirmation link (tests/fuzz/conftest.py makes one): the
    # token is in its session.
    "/suppliers/verify": [Target("following_verify_link")],
    "/suppliers/organisation/edit": [Target("supplier")],
    "/suppliers/organisation/interests": [Target("supplier")],
    "/suppliers/organisation/contact": [Target("supplier", "/suppliers/organisation")],
    "/admin/organisations/<id:organisation_id>/contact": [
        Target("admin", "/admin/organisations/<id:organisation_id>")],
    "/suppliers/members/<id:user_id>/decision": [Target("supplier", "/suppliers/organisation")],
    "/alerts/read": [Target("supplier", "/alerts")],
    "/admin/users/new": [Target("admin")],
    "/admin/users/<id:user_id>/enabled": [Target("admin", "/admin/users")],
    "/admin/members/<id:user_id>/decision": [Target("admin", "/admin/users")],
    "/admin/departments": [Target("admin")],
    "/assessment/<int:year>": [Target("admin", "/assessment/2026")],
    "/needs/new": [Target("officer"), Target("admin")],
    "/needs/<reference>/edit/<section>": [
        Target("admin", f"/needs/AFF-2026-002/edit/{section}") for section in SETTERS],
    # Status changes are asked for on a page of their own (#17): withdrawing the fresh
    # draft (sending it for review needs every part, which it has not).
    "/needs/<reference>/status": [Target("officer", "/needs/<reference>/withdraw"),
                                  Target("admin", "/needs/TRF-2026-001")],
    "/needs/<reference>/scenarios/new": [Target("officer")],
    "/needs/<reference>/scenarios/<id:scenario_id>/edit": [Target("officer")],
    "/needs/<reference>/scenarios/<id:scenario_id>/copy": [
        Target("officer", "/needs/<reference>/scenarios")],
    "/needs/<reference>/scenarios/<id:scenario_id>/remove": [
        Target("officer", "/needs/<reference>/scenarios")],
    "/needs/<reference>/scenarios/choice": [Target("officer", "/needs/<reference>/scenarios")],
    # The scan page of a draft with CPV codes, scanned (against a fake TED), a notice kept.
    "/needs/<reference>/market-scan": [Target("admin", "/needs/AFF-2026-002/market-scan")],
    "/needs/<reference>/market-scan/keep": [Target("admin", "/needs/AFF-2026-002/market-scan")],
    "/needs/<reference>/market-scan/kept/<id:kept_id>/remove": [
        Target("admin", "/needs/AFF-2026-002/market-scan")],
    "/needs/<reference>/dialogues/new": [Target("officer", "/needs/UTB-2026-001/dialogues/new")],
    "/dialogues/<id:dialogue_id>/edit": [Target("admin", "/dialogues/3/edit")],
    # The demo's input marked as a trade secret (Nordisk Fastighetsenergi's, id 1): an
    # admin of another department states why before reading it.
    "/dialogues/inputs/<id:input_id>/reason": [Target("admin", "/dialogues/inputs/1/reason")],
    # Closing and cancelling are asked for on a page of their own first (#16), and
    # publishing on the check-your-answers page (#17).
    "/dialogues/<id:dialogue_id>/status": [Target("officer", ONE_TO_ONE + "/confirm/close"),
                                           Target("admin", "/dialogues/3/publish")],
    "/ideas/new": [Target("anonymous")],
    "/needs/<reference>/risks": [Target("officer")],
    "/needs/<reference>/risks/<id:risk_id>/edit": [Target("officer")],
    # Alerts read one by one, from the lists (one alert each, made by the access table).
    "/alerts/<id:alert_id>/read": [Target("supplier", "/alerts")],
    "/alerts/staff/<id:alert_id>/read": [Target("officer", "/alerts")],
    # An idea just sent in (the access table's): support, comments and triage.
    "/ideas/<id:idea_id>/support": [Target("officer", "/ideas/<id:idea_id>")],
    "/ideas/<id:idea_id>/comments": [Target("reviewer", "/ideas/<id:idea_id>")],
    "/ideas/<id:idea_id>/triage": [Target("officer", "/ideas/<id:idea_id>")],
    # Tender and award: the approved AFF-2026-001 moves into procurement; UTB-2026-002 is
    # contracted (its award is changed), and followed up; UTB-2026-003 is closed.
    "/needs/<reference>/tender": [Target("admin", "/needs/AFF-2026-001/tender")],
    "/needs/<reference>/award": [Target("officer", CONTRACTED + "/award")],
    "/needs/<reference>/follow-up/outcomes/<id:outcome_id>/target": [
        Target("officer", CONTRACTED + "/follow-up")],
    "/needs/<reference>/follow-up/measurements": [Target("officer", CONTRACTED + "/follow-up")],
    "/needs/<reference>/follow-up/decision": [
        Target("officer", CONTRACTED + "/follow-up/decision")],
    "/needs/<reference>/follow-up/publication": [
        Target("officer", "/needs/UTB-2026-003/follow-up")],
    "/needs/<reference>/resources": [Target("officer")],
    "/dialogues/<id:dialogue_id>/registration": [Target("supplier", "/dialogues/1")],
    "/dialogues/<id:dialogue_id>/registration/cancel": [Target("supplier", ONE_TO_ONE)],
    "/dialogues/<id:dialogue_id>/slots": [Target("officer", ONE_TO_ONE)],
    "/dialogues/<id:dialogue_id>/information": [Target("officer", ONE_TO_ONE + "/information")],
    "/dialogues/<id:dialogue_id>/questions": [Target("supplier", ONE_TO_ONE)],
    "/dialogues/<id:dialogue_id>/input": [Target("supplier", ONE_TO_ONE + "/input")],
    # The lessons of the closed dialogue on AFF-2026-003.
    "/dialogues/<id:dialogue_id>/report": [Target("admin", "/dialogues/4/report")],
    "/dialogues/slots/<id:slot_id>/booking": [Target("supplier", ONE_TO_ONE)],
    "/dialogues/slots/<id:slot_id>/remove": [Target("officer", ONE_TO_ONE)],
    "/dialogues/bookings/<id:booking_id>/cancel": [Target("supplier", ONE_TO_ONE)],
    "/dialogues/bookings/<id:booking_id>/minutes": [Target("officer")],
    "/dialogues/minutes/<id:minutes_id>/share": [Target("officer")],
    "/dialogues/questions/<id:question_id>/answer": [Target("officer")],
    "/dialogues/attachments/<id:attachment_id>/remove": [Target("supplier", ONE_TO_ONE + "/input")],
    "/needs/<reference>/pcp/plan": [Target("admin", "/needs/AFF-2026-003/pcp/plan")],
    "/needs/<reference>/pcp/follow-on": [Target("officer", "/needs/UTB-2026-002/pcp")],
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/contracts": [
        Target("admin", PCP_PHASE)],
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/criteria": [
        Target("admin", PCP_PHASE)],
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/evaluators": [
        Target("admin", PCP_PHASE)],
    # Phase 1 is decided: its gate form records a correction.
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/gate": [
        Target("admin", "/needs/AFF-2026-003/pcp/phases/1")],
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/evaluation": [
        Target("elderly_officer", PCP_PHASE + "/evaluation")],
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/evaluation/<id:organisation_id>": [
        Target("admin", PCP_PHASE + "/evaluation")],
    "/needs/<reference>/pcp/contracts/<id:contract_id>/remove": [Target("admin", PCP_PHASE)],
    "/needs/<reference>/pcp/evaluators/<id:evaluator_id>/remove": [Target("admin", PCP_PHASE)],
}


# The filter and search forms (method="get"), by the rule they send to.
GET_TARGETS: dict[str, Target] = {
    "/needs/": Target("officer", "/needs/"),
    "/needs/<reference>/history/compare": Target("admin", "/needs/UTB-2026-001/history"),
    "/cpv": Target("officer", "/cpv"),
    "/dialogues/": Target("anonymous", "/dialogues/"),
    "/admin/users": Target("admin", "/admin/users"),
    "/admin/audit": Target("admin", "/admin/audit"),
    "/dashboard": Target("admin", "/dashboard"),
}


# POST rules that have no fuzz target yet, each waiting for an object of the right state
# in the fuzz world. Empty now: a rule listed here is checked like TARGETS, and a new rule
# without a row in either fails the test.
NOT_YET_FUZZED: set[str] = set()


def post_rules(app) -> set[str]:
    """Every rule of the app's URL map that accepts POST."""
    return {rule.rule for rule in app.url_map.iter_rules() if "POST" in rule.methods}


def cases() -> list[tuple[str, Target]]:
    """(rule, target) pairs, one test each."""
    return [(rule, target) for rule, targets in TARGETS.items() for target in targets]
