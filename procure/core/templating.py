"""Filters and globals every template may use."""
from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from markupsafe import Markup, escape

from procure import i18n
from procure.catalogue import texts
from procure.charts import NOTHING_TO_CHART, to_svg
from procure.formatting import format_file_size, paragraphs


def register(app: Flask) -> None:
    app.add_template_filter(i18n.format_money, "money")
    app.add_template_filter(i18n.format_percent, "percent")
    app.add_template_filter(i18n.format_day, "day")
    app.add_template_filter(i18n.format_moment, "moment")
    app.add_template_filter(paragraphs, "paragraphs")
    app.add_template_filter(lambda size: format_file_size(size, i18n.current_language()),
                            "file_size")

    @app.template_global("chart_svg")
    def chart_svg(chart, chart_id: str, language: str | None = None,
                  title_shown: bool = False) -> Markup:
        """A chart as inline, accessible SVG (its figures go in a table beside it).

        ``title_shown``: the page shows the chart's title as a heading or caption, so the
        drawing does not repeat it. A chart of nothing but noughts is said in words."""
        language = language or i18n.current_language()
        if getattr(chart, "is_empty", False):
            return Markup(f'<p class="chart-empty">'  # nosec B704 # the text is escaped
                          f'{escape(texts(language)(NOTHING_TO_CHART))}</p>')
        # Title and series names only: they are already in the chart's language, which
        # may differ from the page's (a Swedish statement read in the English UI).
        description = f"{chart.title}: " + ", ".join(series.name for series in chart.series)
        # to_svg serialises with ElementTree, which escapes every text and attribute.
        return Markup(to_svg(chart, chart_id, description,  # nosec B704
                             language=language, title_shown=title_shown))

    @app.template_global("select_options")
    def select_options(choices, selected) -> Markup:
        """``<option>`` elements for ``choices`` (value, label), ``selected`` marked:
        built here rather than in a template loop, as a filter may list hundreds."""
        built = getattr(choices, "options", None)
        if built is not None:  # built once (departments' choices): mark the selected one
            if selected is not None:
                value = f'<option value="{escape(selected)}"'
                built = built.replace(value + ">", value + " selected>", 1)
            return Markup(built)  # nosec B704 # every label escaped when built
        # escape() on each value and label; Markup.format was five times slower.
        return Markup("".join(  # nosec B704
            f'<option value="{escape(choice.value)}"'
            f'{" selected" if choice.value == selected else ""}>{escape(choice.label)}</option>'
            for choice in choices))

    @app.context_processor
    def layout_context():
        return {
            "current_language": i18n.current_language(),
            "languages": app.config["LANGUAGES"],
            "current_path": request.full_path.rstrip("?") if request else "/",
            "user": current_user,
        }
