"""Open Contracting Data Standard 1.1: one release per need, in a release package.

Pure module (no Flask, no database): :mod:`procure.opendata.services` reads what is
public into the dataclasses below, and this module turns them into OCDS dicts. Only
fields of the core 1.1 schema are used, with two extensions, each declared in the
package's ``extensions`` whenever one of its fields is: a page of the paged API has the
Pagination extension's ``links``, and ``details.scale`` is the partyScale extension's
field (``details`` is free-form in the core schema, so the schema cannot tell).

Each party is named once in a package: the first name a party id is given is the name
every release of the package uses for it (a winner typed in by hand may be spelt
otherwise in another award). The services give the buyers' names in the package's one
language, whatever each release's language.

A contract's ``implementation`` carries what there is data for: its ``transactions``
only when payments are recorded, and the outcome results (each desired outcome's
target, with its latest measurement) as milestones; before a contract the outcomes'
targets are ``planning`` milestones.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TextIO

from procure.catalogue import N_, texts
from procure.dialogues.vocabulary import CLOSED_STATES
from procure.formatting import plain_number

OCDS_VERSION = "1.1"
# The default prefix is a placeholder: a publisher registers its own "ocds-" + six
# characters with the Open Contracting Partnership and sets OCDS_PREFIX to it.
PLACEHOLDER_PREFIX = "ocds-xxxxxx-procure"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# The need's lifecycle (procure.needs.lifecycle) as tender.status (tenderStatus codelist).
# A need in approval or in market dialogue is a process being considered and shaped by
# consultation: "planning". A need withdrawn before its tender is a plan that will get
# no further information: "withdrawn"; one withdrawn during its tender: "cancelled".
TENDER_STATUS = {
    "approved": "planning",
    "in_dialogue": "planning",
    "in_procurement": "active",
    "contracted": "complete",
    "closed": "complete",
}
PLANNING_STATUSES = ("planning", "withdrawn")
# contract_kind of a need -> mainProcurementCategory (procurementCategory codelist).
CATEGORY = {"supplies": "goods", "services": "services", "works": "works"}
# The EU SME definition (micro, small, medium, large) -> partyScale (micro, sme, large).
SCALE = {"micro": "micro", "small": "sme", "medium": "sme", "large": "large"}
# Swedish organisation numbers are Bolagsverket's (org-id.guide list SE-BLV, written
# NNNNNN-NNNN). org-id.guide has no list of EU VAT numbers, so those are given under a
# scheme named plainly; the number's country prefix tells where it is registered.
SWEDISH_SCHEME = "SE-BLV"
VAT_SCHEME = "EU-VAT"
# The party id of a sole trader, followed by its organisation's id in procure.
SOLE_TRADER_PARTY = "procure-sole-trader"

# An outcome's standing (procure.followup.progress) as milestoneStatus: met, missed,
# or still to be judged on its date.
OUTCOME_STATUS = {"met": "met", "missed": "notMet"}
# The release's words by key, in English; _words() gives them in the need's language.
LABELS: dict[str, str] = {
    "statement": N_("Need statement"),
    "budget": N_("Estimated value counting every phase, option and extension"),
    "outcomes": N_("Desired outcomes"),
    "information": N_("Information to every registered supplier"),
    "page": N_("The market dialogue"),
    "notice": N_("Tender notice"),
    "target": N_("Target: %(indicator)s from %(baseline)s to %(target)s by %(date)s."),
    "measured": N_("Latest measurement: %(value)s on %(date)s."),
}


def _words(language: str) -> dict[str, str]:
    _ = texts(language)
    words = {key: _(text) for key, text in LABELS.items()}
    words["report"] = _.pgettext("report title", "Consultation report")
    return words


@dataclass(frozen=True)
class Outcome:
    """A desired outcome with its measurable success criterion."""

    description: str
    indicator: str = ""
    baseline: str = ""
    target: str = ""
    when: str = ""


@dataclass(frozen=True)
class Classification:
    """A CPV code as written in Regulation 213/2008 (``NNNNNNNN-C``) and its label."""

    code: str
    label: str = ""


@dataclass(frozen=True)
class Buyer:
    """The department that owns the need; ``key`` is its short code (``UTB``)."""

    key: str
    name: str


@dataclass(frozen=True)
class Supplier:
    """An organisation that registered for a published market dialogue.

    ``identifier`` is ``NNNNNN-NNNN`` for Swedish organisations and the compact EU VAT
    number otherwise; ``size`` is micro, small, medium or large.
    """

    name: str
    country: str
    identifier: str
    size: str
    # Set for a sole trader, whose number is the owner's personal identity number and is
    # never published: the party is named by this key (its organisation's id) instead.
    withheld_key: str = ""


@dataclass(frozen=True)
class Clarification:
    """An answer or information the city published to every registered supplier."""

    key: int
    kind: str  # "answer" or "information"
    question: str  # the wording the city published, never the asker's
    body: str
    published: datetime


@dataclass(frozen=True)
class Dialogue:
    """A market dialogue that has been published (published, closed or reported).

    ``clarifications`` and ``report_url`` are given only once the consultation report
    is public; ``participants`` are the organisations still registered.
    """

    key: int
    kind: str
    title: str
    description: str
    status: str
    input_deadline: datetime
    published: datetime
    url: str
    closed: datetime | None = None
    reported: datetime | None = None
    report_url: str = ""
    participants: tuple[Supplier, ...] = ()
    clarifications: tuple[Clarification, ...] = ()


@dataclass(frozen=True)
class TenderNotice:
    """The published notice a need is procured under (``method``: OCDS procurementMethod)."""

    method: str
    procedure: str  # in the release's language
    source: str  # "ted", "national" or "none"
    reference: str = ""
    url: str = ""
    published: date | None = None
    deadline: date | None = None


@dataclass(frozen=True)
class AwardRecord:
    """The contract a need ended in: winners, value, signature and period."""

    suppliers: tuple[Supplier, ...]
    amount_sek: Decimal
    signed: date
    starts: date
    ends: date
    options_until: date | None = None
    options: str = ""
    transactions: tuple[Transaction, ...] = ()


@dataclass(frozen=True)
class Transaction:
    """A payment made under the contract (recorded only where there is data)."""

    key: str
    paid: date
    amount_sek: Decimal
    payee: Supplier | None = None


@dataclass(frozen=True)
class OutcomeResult:
    """A desired outcome's measurable target and where it stands.

    ``standing`` is :func:`procure.followup.progress.standing`'s word (met, missed,
    on_track, behind, not_measured); ``latest`` the latest measurement, if any."""

    position: int
    description: str
    indicator: str
    baseline: Decimal
    target: Decimal
    target_on: date
    standing: str
    latest_value: Decimal | None = None
    latest_on: date | None = None


@dataclass(frozen=True)
class NeedRelease:
    """What is public about one need: its approved statement and what followed.

    ``status`` is the need's lifecycle state as OCDS should see it (a need reopened for
    a new version is still the approved one, see the services); ``withdrawn_from`` is
    the state a withdrawn need left. ``market_studies`` are ready OCDS documents (TED
    notices kept for the need). ``changed`` is the latest status change that matters.
    """

    reference: str
    language: str
    status: str
    title: str
    buyer: Buyer
    changed: datetime
    version: int = 1
    withdrawn_from: str | None = None
    approved: datetime | None = None
    background: str = ""
    problem: str = ""
    outcomes: tuple[Outcome, ...] = ()
    contract_kind: str = ""
    procedure_name: str = ""
    procedure_reason: str = ""
    estimated_value_sek: int | None = None
    cpv: tuple[Classification, ...] = ()
    dialogues: tuple[Dialogue, ...] = ()
    market_studies: tuple[dict[str, Any], ...] = field(default=())
    notice: TenderNotice | None = None
    award: AwardRecord | None = None
    results: tuple[OutcomeResult, ...] = ()


@dataclass(frozen=True)
class Publication:
    """Who publishes the package and under which ocid prefix."""

    prefix: str
    publisher: str
    uri: str
    license: str | None = None
    publication_policy: str | None = None
    # The one language the package names its parties in.
    language: str = "sv"


# --- codes -----------------------------------------------------------------------------

def tender_status(status: str, withdrawn_from: str | None = None) -> str:
    """The tenderStatus of a need in lifecycle state ``status``."""
    if status == "withdrawn":
        return "cancelled" if withdrawn_from == "in_procurement" else "withdrawn"
    return TENDER_STATUS[status]


def release_tag(status: str, withdrawn_from: str | None = None) -> list[str]:
    """The releaseTag: planning before the tender, tender (or its cancellation) after."""
    tender = tender_status(status, withdrawn_from)
    if tender == "cancelled":
        return ["tenderCancellation"]
    return ["planning"] if tender in PLANNING_STATUSES else ["tender"]


def money(amount: Decimal | int) -> dict[str, Any]:
    """An OCDS value in SEK: whole kronor as an integer, öre as a decimal number."""
    value = Decimal(amount)
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    return {"amount": number, "currency": "SEK"}


def day_start(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def party_scale(size: str) -> str:
    return SCALE[size]


def supplier_identifier(supplier: Supplier) -> dict[str, str]:
    """The organisation's identifier: Bolagsverket's number or the EU VAT number; for a
    sole trader only the name (the number is a person's identity number)."""
    if supplier.withheld_key:
        return {"legalName": supplier.name}
    scheme = SWEDISH_SCHEME if supplier.country == "SE" else VAT_SCHEME
    return {"scheme": scheme, "id": supplier.identifier, "legalName": supplier.name}


def ocid(prefix: str, reference: str) -> str:
    """The contracting process's id: stable for as long as the need exists."""
    return f"{prefix}-{reference}"


def timestamp(moment: datetime) -> str:
    """An RFC 3339 date-time in UTC, to the second: ``2026-05-11T08:00:00Z``."""
    if moment.tzinfo is None:  # the database keeps UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- the release -------------------------------------------------------------------------

def build_release(need: NeedRelease, prefix: str,
                  names: dict[str, str] | None = None) -> dict[str, Any]:
    """One OCDS release for ``need``; its ``id`` changes exactly when its content does.

    ``names``: the package's party names by party id, filled as releases are built, so
    that each party is named once (the first name given to its id)."""
    names = {} if names is None else names
    words = _words(need.language)
    buyer_id = f"department-{need.buyer.key}"
    buyer = {"id": buyer_id, "name": names.setdefault(buyer_id, need.buyer.name)}
    content: dict[str, Any] = {
        "ocid": ocid(prefix, need.reference),
        "tag": release_tag(need.status, need.withdrawn_from),
        "initiationType": "tender",
        "language": need.language,
        "parties": _parties(need, buyer, names),
        "buyer": buyer,
        "planning": _planning(need, words),
        "tender": _tender(need, words, buyer),
    }
    if need.award is not None:
        content["tag"] = content["tag"] + ["award", "contract"]
        content["awards"] = [_award(need.award, need.reference, names)]
        content["contracts"] = [_contract(need, words, names)]
    elif need.results:
        content["planning"]["milestones"] = [_result(result, words, need.language)
                                             for result in need.results]
    content = _compact(content)
    release = {"ocid": content["ocid"], "id": release_id(content),
               "date": timestamp(release_date(need))}
    release.update((key, value) for key, value in content.items() if key != "ocid")
    return release


def release_id(content: dict[str, Any]) -> str:
    """``ocid`` + a digest of the release without its ``id`` and ``date``."""
    body = {key: value for key, value in content.items() if key not in ("id", "date")}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return f"{body['ocid']}-{digest}"


def release_date(need: NeedRelease) -> datetime:
    """The latest change the release shows: a status, a dialogue, a published text."""
    moments = [need.changed]
    moments += [datetime.combine(result.latest_on, datetime.min.time(), UTC)
                for result in need.results if result.latest_on]
    for dialogue in need.dialogues:
        moments += [m for m in (dialogue.published, dialogue.closed, dialogue.reported) if m]
        moments += [item.published for item in dialogue.clarifications]
    return max(_aware(m) for m in moments)


def _party_of(supplier: Supplier, names: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The supplier's party id and identifier, under the name the package gives it."""
    identifier = supplier_identifier(supplier)
    party_id = party_id_of(supplier)
    identifier["legalName"] = names.setdefault(party_id, supplier.name)
    return party_id, identifier


def _parties(need: NeedRelease, buyer: dict[str, str],
             names: dict[str, str]) -> list[dict[str, Any]]:
    parties = [{**buyer, "roles": ["buyer", "procuringEntity"]}]
    suppliers: dict[str, dict[str, Any]] = {}
    for dialogue in need.dialogues:
        for supplier in dialogue.participants:
            party_id, identifier = _party_of(supplier, names)
            suppliers[party_id] = {
                "id": party_id, "name": identifier["legalName"], "identifier": identifier,
                "roles": ["interestedParty"], "details": {"scale": party_scale(supplier.size)},
            }
    for supplier in (need.award.suppliers if need.award else ()):
        party_id, identifier = _party_of(supplier, names)
        party = suppliers.setdefault(party_id, {
            "id": party_id, "name": identifier["legalName"], "identifier": identifier,
            "roles": []})
        party["roles"] = ["supplier", *party["roles"]]
        if supplier.size:
            party["details"] = {"scale": party_scale(supplier.size)}
    return parties + [suppliers[key] for key in sorted(suppliers)]


def party_id_of(supplier: Supplier) -> str:
    if supplier.withheld_key:
        return f"{SOLE_TRADER_PARTY}-{supplier.withheld_key}"
    identifier = supplier_identifier(supplier)
    return f"{identifier['scheme']}-{identifier['id']}"


def _reference(supplier: Supplier, names: dict[str, str]) -> dict[str, str]:
    """An organisation reference: the party's id and the one name the package uses."""
    party_id = party_id_of(supplier)
    return {"id": party_id, "name": names.setdefault(party_id, supplier.name)}


def _award(award: AwardRecord, reference: str, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": f"{reference}-award",
        "status": "active",
        "date": day_start(award.signed),
        "value": money(award.amount_sek),
        "suppliers": [_reference(s, names) for s in award.suppliers],
        "contractPeriod": {"startDate": day_start(award.starts),
                           "endDate": day_start(award.ends),
                           "maxExtentDate": day_start(award.options_until)
                           if award.options_until else None},
    }


def _contract(need: NeedRelease, words: dict[str, str],
              names: dict[str, str]) -> dict[str, Any]:
    award, reference = need.award, need.reference
    return {
        "id": f"{reference}-contract",
        "awardID": f"{reference}-award",
        "status": "terminated" if need.status == "closed" else "active",
        "value": money(award.amount_sek),
        "dateSigned": day_start(award.signed),
        "period": {"startDate": day_start(award.starts), "endDate": day_start(award.ends),
                   "maxExtentDate": day_start(award.options_until)
                   if award.options_until else None},
        "description": award.options,
        # Only what there is data for: no empty transactions or milestones.
        "implementation": {
            "transactions": [_transaction(item, reference, names)
                             for item in award.transactions],
            "milestones": [_result(result, words, need.language) for result in need.results],
        },
    }


def _transaction(item: Transaction, reference: str, names: dict[str, str]) -> dict[str, Any]:
    return {"id": f"{reference}-transaction-{item.key}", "source": None,
            "date": day_start(item.paid), "value": money(item.amount_sek),
            "payee": _reference(item.payee, names) if item.payee else None}


def _result(result: OutcomeResult, words: dict[str, str], language: str) -> dict[str, Any]:
    """An outcome's target as a milestone due on its date: met, not met, or scheduled
    while it is still to be judged; the latest measurement says where it stands."""
    status = OUTCOME_STATUS.get(result.standing, "scheduled")
    description = words["target"] % {
        "indicator": result.indicator or result.description,
        "baseline": plain_number(result.baseline, language),
        "target": plain_number(result.target, language), "date": result.target_on.isoformat()}
    if result.latest_on is not None and result.latest_value is not None:
        description += " " + words["measured"] % {
            "value": plain_number(result.latest_value, language),
            "date": result.latest_on.isoformat()}
    return {
        "id": f"outcome-{result.position}",
        "title": result.description,
        "type": "delivery",
        "code": "outcome",
        "description": description,
        "dueDate": day_start(result.target_on),
        "status": status,
        "dateMet": day_start(result.latest_on) if status == "met" and result.latest_on
        else None,
        "dateModified": day_start(result.latest_on) if result.latest_on else None,
    }


def _planning(need: NeedRelease, words: dict[str, str]) -> dict[str, Any]:
    budget = None
    if need.estimated_value_sek is not None:
        budget = {"description": words["budget"],
                  "amount": {"amount": need.estimated_value_sek, "currency": "SEK"}}
    statement = {
        "id": "need-statement",
        "documentType": "needsAssessment",
        "title": f"{words['statement']} {need.reference} v{need.version}: {need.title}",
        "description": need.background,
        "datePublished": timestamp(need.approved) if need.approved else None,
        "language": need.language,
    }
    reports = [{
        "id": f"dialogue-{dialogue.key}-report",
        "documentType": "marketStudies",
        "title": f"{words['report']}: {dialogue.title}",
        "url": dialogue.report_url,
        "format": "application/pdf",
        "datePublished": timestamp(dialogue.reported) if dialogue.reported else None,
        "language": need.language,
    } for dialogue in need.dialogues if dialogue.report_url]
    return {"rationale": need.problem, "budget": budget,
            "documents": [statement, *need.market_studies, *reports]}


def _tender(need: NeedRelease, words: dict[str, str],
            buyer: dict[str, str]) -> dict[str, Any]:
    return {
        "id": need.reference,
        "title": need.title,
        "description": _outcomes_text(need.outcomes, words, need.language),
        "status": tender_status(need.status, need.withdrawn_from),
        "procuringEntity": buyer,
        "items": [{
            "id": str(number),
            "description": entry.label or entry.code,
            "classification": {"scheme": "CPV", "id": entry.code,
                               "description": entry.label or None},
        } for number, entry in enumerate(need.cpv, 1)],
        "mainProcurementCategory": CATEGORY.get(need.contract_kind),
        "procurementMethod": need.notice.method if need.notice else None,
        "procurementMethodDetails": (need.notice.procedure if need.notice
                                     else need.procedure_name),
        "tenderPeriod": {"startDate": day_start(need.notice.published),
                         "endDate": day_start(need.notice.deadline)}
        if need.notice and need.notice.published and need.notice.deadline else None,
        "procurementMethodRationale": need.procedure_reason,
        "milestones": [_milestone(dialogue, words, need.language)
                       for dialogue in need.dialogues],
        "documents": [*_notice(need, words),
                      *(_clarification(item, words, need.language)
                        for dialogue in need.dialogues for item in dialogue.clarifications)],
    }


def _notice(need: NeedRelease, words: dict[str, str]) -> list[dict[str, Any]]:
    notice = need.notice
    if notice is None or not notice.url:
        return []
    return [{"id": "tender-notice", "documentType": "tenderNotice",
             "title": f"{words['notice']} {notice.reference}", "url": notice.url,
             "datePublished": day_start(notice.published) if notice.published else None,
             "language": need.language}]


def _milestone(dialogue: Dialogue, words: dict[str, str], language: str) -> dict[str, Any]:
    met = dialogue.status in CLOSED_STATES
    changes = [m for m in (dialogue.published, dialogue.closed, dialogue.reported) if m]
    return {
        "id": f"dialogue-{dialogue.key}",
        "title": dialogue.title,
        "type": "engagement",
        "code": dialogue.kind,
        "description": dialogue.description,
        "dueDate": timestamp(dialogue.input_deadline),
        "status": "met" if met else "scheduled",
        "dateMet": timestamp(dialogue.closed) if met and dialogue.closed else None,
        "dateModified": timestamp(max(_aware(m) for m in changes)),
        "documents": [{
            "id": f"dialogue-{dialogue.key}-page",
            "title": f"{words['page']}: {dialogue.title}",
            "url": dialogue.url,
            "format": "text/html",
            "datePublished": timestamp(dialogue.published),
            "language": language,
        }],
    }


def _clarification(item: Clarification, words: dict[str, str],
                   language: str) -> dict[str, Any]:
    return {
        "id": f"clarification-{item.key}",
        "documentType": "clarifications",
        "title": item.question or words["information"],
        "description": item.body,
        "datePublished": timestamp(item.published),
        "language": language,
    }


def _outcomes_text(outcomes: Iterable[Outcome], words: dict[str, str], language: str) -> str:
    lines = []
    for number, outcome in enumerate(outcomes, 1):
        progress = " → ".join(part for part in (outcome.baseline, outcome.target) if part)
        criterion = ": ".join(part for part in (outcome.indicator, progress) if part)
        criterion = ", ".join(part for part in (criterion, outcome.when) if part)
        lines.append(f"{number}. {outcome.description}" + (f" ({criterion})" if criterion else ""))
    return f"{words['outcomes']}:\n" + "\n".join(lines) if lines else ""


def _compact(value: Any) -> Any:
    """``value`` without empty fields: OCDS leaves out what it does not know."""
    if isinstance(value, dict):
        kept = {key: _compact(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        kept = [_compact(item) for item in value]
        return [item for item in kept if item not in (None, "", [], {})]
    return value


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- the package -------------------------------------------------------------------------

# The Pagination extension adds ``links.next`` to a package, as OCDS publishers' APIs do.
PAGINATION_EXTENSION = ("https://raw.githubusercontent.com/open-contracting-extensions/"
                        "ocds_pagination_extension/master/extension.json")
# The partyScale extension adds ``parties[].details.scale`` (micro, sme, large).
PARTY_SCALE_EXTENSION = ("https://raw.githubusercontent.com/open-contracting-extensions/"
                         "ocds_partyDetails_scale_extension/master/extension.json")


def build_package(needs: Iterable[NeedRelease], publication: Publication,
                  next_url: str | None = None) -> dict[str, Any]:
    """The release package: one release per need, ordered by ocid.

    ``publishedDate`` is the latest release date, as OCDS asks of packages made on
    demand, so the same data always gives the same package, byte for byte. A page of a
    paged API names the next page in ``links.next`` (the Pagination extension).
    """
    names: dict[str, str] = {}
    releases = sorted((build_release(need, publication.prefix, names) for need in needs),
                      key=lambda release: release["ocid"])
    published = max((release["date"] for release in releases), default=timestamp(EPOCH))
    package = _package_head(publication)
    package.update(publishedDate=published, releases=releases)
    extensions = [*([PAGINATION_EXTENSION] if next_url else []),
                  *([PARTY_SCALE_EXTENSION] if any(map(uses_party_scale, releases)) else [])]
    if extensions:
        package["extensions"] = extensions
    if next_url:
        package["links"] = {"next": next_url}
    return package


def uses_party_scale(release: dict[str, Any]) -> bool:
    """Whether a party of the release has the partyScale extension's ``details.scale``."""
    return any("scale" in party.get("details", {}) for party in release.get("parties", ()))


def _package_head(publication: Publication) -> dict[str, Any]:
    head = {
        "uri": publication.uri,
        "version": OCDS_VERSION,
        "publisher": {"name": publication.publisher},
        "license": publication.license,
        "publicationPolicy": publication.publication_policy,
    }
    return {key: value for key, value in head.items() if value is not None}


def write_package(out: TextIO, needs: Iterable[NeedRelease], publication: Publication) -> int:
    """Write the release package of ``needs`` (given in ocid order) to ``out`` as they
    come, one release per line, and return how many were written.

    Memory stays the size of one release however many there are (and a name per
    party): ``publishedDate``, the latest release date, and the extensions used are
    known only at the end and so come last (JSON objects are unordered).
    """
    head = json.dumps(_package_head(publication), ensure_ascii=False)
    out.write(head[:-1] + ', "releases": [')
    count, published, scale = 0, timestamp(EPOCH), False
    names: dict[str, str] = {}
    for need in needs:
        release = build_release(need, publication.prefix, names)
        out.write(",\n" if count else "\n")
        out.write(json.dumps(release, ensure_ascii=False))
        count += 1
        published = max(published, release["date"])
        scale = scale or uses_party_scale(release)
    # The extensions used are known at the end too.
    extensions = f', "extensions": {json.dumps([PARTY_SCALE_EXTENSION])}' if scale else ""
    out.write(f'\n], "publishedDate": {json.dumps(published)}{extensions}}}\n')
    return count


def to_json(package: dict[str, Any], indent: int | None = None) -> str:
    """The package as JSON text (UTF-8 characters as they are, not escaped)."""
    return json.dumps(package, ensure_ascii=False, indent=indent)
