"""Filters and globals every template may use."""
from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from procure import i18n
from procure.formatting import paragraphs


def register(app: Flask) -> None:
    app.add_template_filter(i18n.format_money, "money")
    app.add_template_filter(i18n.format_day, "day")
    app.add_template_filter(i18n.format_moment, "moment")
    app.add_template_filter(paragraphs, "paragraphs")

    @app.context_processor
    def layout_context():
        return {
            "current_language": i18n.current_language(),
            "languages": app.config["LANGUAGES"],
            "current_path": request.full_path.rstrip("?") if request else "/",
            "user": current_user,
        }
