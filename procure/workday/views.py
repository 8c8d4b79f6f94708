"""The start page of a signed-in person, and the counts in the menu."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from procure.dialogues.alerts import alert_text

from procure.db import utcnow
from procure.followup.services import due_measurements
from procure.risks.services import overdue_risks
from procure.suppliers.services import confirmed_members
from procure.workday import items


DEADLINE_LABELS = {"registration_deadline": _l("Registration closes"),
                   "questions_deadline": _l("Questions close"),
                   "input_deadline": _l("Written input closes")}


def start_page():
    """The signed-in person's own work, or None for those without a start page; a
    supplier waiting to be confirmed sees what they wait for and who can confirm."""
    now = utcnow()
    if current_user.is_staff:
        department = None if current_user.is_admin else current_user.department_id
        context = {
            "my_needs": items.my_needs(current_user.id),
            "to_review": items.to_review(current_user.id, department),
            "questions": items.unanswered_questions(department),
            "minutes": items.minutes_to_share(department),
            "unread_input": items.unread_input(department),
            "deadlines": items.deadlines_ahead(department, now),
            "evaluations": items.evaluations_for(current_user.id),
            "overdue_risks": overdue_risks(current_user),
            "due_measurements": due_measurements(current_user),
        }
        if current_user.is_admin:
            context.update(waiting=items.members_waiting(), failed_mail=items.failed_mail())
        return render_template("workday/staff.html", now=now, **context)
    if current_user.is_confirmed_member:
        organisation = current_user.organisation_id
        return render_template(
            "workday/supplier.html", now=now,
            registrations=items.registrations_of(organisation),
            next_deadline=items.next_deadline,
            meetings=items.meetings_of(organisation, now),
            news=items.news_for(organisation),
            open_dialogues=items.open_for_us(organisation, now),
            waiting=items.members_waiting(organisation))
    if current_user.is_supplier and current_user.membership == "pending":
        organisation = current_user.organisation
        members = confirmed_members(organisation)
        return render_template("workday/waiting.html", organisation=organisation,
                               members=members, since=current_user.created_at)
    return None


def register(app: Flask) -> None:
    """The start page for core's "/", and the menu's review count."""
    from procure.core.views import START_PAGE

    START_PAGE[:] = [start_page]

    app.add_template_global(alert_text, "alert_text")

    @app.template_global("deadline_label")
    def deadline_label(which: str) -> str:
        """A dialogue deadline's name, as the dialogue page shows it."""
        return str(DEADLINE_LABELS[which])

    @app.template_global("staff_menu_counts")
    def staff_menu_counts() -> tuple[int, int]:
        """(needs waiting for the signed-in officer's review, their unread alerts)."""
        if not (current_user.is_authenticated and current_user.is_staff):
            return 0, 0
        department = None if current_user.is_admin else current_user.department_id
        return items.menu_counts(current_user.id, department)
