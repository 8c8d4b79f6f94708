"""Time the need statement PDF against bare ReportLab documents of the same content.

Usage: ``python bench/bench_pdf.py [RUNS]`` (default 20). Prints the median build time of
``build_need_statement`` on the ten-page sample against three plain SimpleDocTemplate
builds, each with its page count:

- **like for like** (the target, ≤ 1.5 ×): the same document's text, fonts, headings,
  tables and charts, without the house style's extras: no cover layout, running header
  and footer, logo, watermark, PDF outline, headings kept with their text, tables kept
  together or columns fitted to their words;
- **bare**: the same words as flat paragraphs in Helvetica (what ReportLab costs at all);
- **bare in the statement's type**: the flat words in the statement's fonts, which
  separates what the typography costs from what the structure costs.
"""
from __future__ import annotations

import argparse
import functools
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

# Run as a script from anywhere: make the repository importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table  # noqa: E402

from bench.sample_need import sample_need  # noqa: E402
from procure.needs import outline  # noqa: E402
from procure.needs.document import NeedDocument  # noqa: E402
from procure.needs.statement_pdf import build_need_statement  # noqa: E402
from procure.pdf.style import CONTENT_WIDTH, markup, register_fonts, stylesheet  # noqa: E402
from procure.pdf.tables import table_style  # noqa: E402


def plain_texts(doc: NeedDocument) -> list[str]:
    """The statement's words as flat paragraphs, table rows joined into lines."""
    texts = [doc.title, doc.reference, doc.department, doc.officer, doc.background, doc.problem,
             doc.current_situation, doc.constraints, doc.sustainability_ecological,
             doc.sustainability_social, doc.timeline, doc.procedure, doc.procedure_reason]
    texts += [" | ".join((o.description, o.indicator, o.baseline, o.target, o.when)) for o in doc.outcomes]
    texts += [r.text for r in doc.requirements]
    texts += [f"{c.code} {c.label}" for c in ((doc.cpv_main,) + doc.cpv_additional) if c]
    for extra in doc.extra_sections:
        texts += [extra.title, *extra.paragraphs, *(" | ".join(row) for row in extra.table)]
    return [block for text in texts for block in text.split("\n\n") if block.strip()]


def build_bare(doc: NeedDocument) -> bytes:
    """The same text through a default SimpleDocTemplate: the floor to compare against."""
    body = getSampleStyleSheet()["Normal"]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph(escape(text), body) for text in plain_texts(doc)])
    return buffer.getvalue()


def build_bare_same_type(doc: NeedDocument) -> bytes:
    """The same flat text in the statement's own fonts and body style (embedded TTF,
    10/14.5 pt): what the statement's typography costs, apart from its structure."""
    register_fonts()
    body = stylesheet()["body"]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph(escape(text), body) for text in plain_texts(doc)])
    return buffer.getvalue()


def build_like_for_like(doc: NeedDocument) -> bytes:
    """The statement's own content and type drawn by a default SimpleDocTemplate: the
    cover's texts and facts, every section's heading, paragraphs, tables (as Paragraph
    cells in the statement's cell styles and table look) and charts, in the same order,
    but none of the house style's extras (see the module's docstring)."""
    styles = stylesheet()
    front = outline.cover(doc)
    story = [Paragraph(markup(text), styles[style]) for text, style in (
        (front.kind.upper(), "kicker"), (front.title, "title"), (front.subtitle, "subtitle"))]
    story.append(_plain_table([[label, value or "-"] for label, value in front.facts], header=False))
    story.append(Paragraph(markup(front.note), styles["small"]))
    for section in outline.render(doc):
        story.append(Paragraph(markup(section.heading), styles["h1"]))
        for block in section.blocks:
            story += _plain_blocks(block, doc.language, styles)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(story)
    return buffer.getvalue()


def _plain_blocks(block, language: str, styles) -> list:
    if isinstance(block, outline.Prose):
        return [Paragraph(markup(text), styles["body"]) for text in block.text.split("\n\n")
                if text.strip()] or [Paragraph(markup(block.empty or ""), styles["placeholder"])]
    if isinstance(block, outline.Para):
        lead = f"<b>{markup(block.lead)}</b> " if block.lead else ""
        return [Paragraph(lead + markup(block.text), styles["small" if block.small else "body"])]
    if isinstance(block, outline.Table):
        return [Spacer(1, 2 * mm), _plain_table(block.rows)]
    if isinstance(block, outline.Subheading):
        return [Paragraph(markup(f"{block.number or ''} {block.title}".strip()), styles["h2"])]
    if isinstance(block, outline.Figure):
        return [block.chart.draw(CONTENT_WIDTH, 70 * mm, language),
                _plain_table(block.chart.table_rows(language))]
    return [Paragraph(markup(block.text), styles["placeholder"])]


def _plain_table(rows, header: bool = True) -> Table:
    styles = stylesheet()
    cells = [[Paragraph(markup(str(cell or "-")),
                        styles["cell_header" if header and i == 0 else "cell"]) for cell in row]
             for i, row in enumerate(rows)]
    columns = len(cells[0]) if cells else 1
    table = Table(cells, colWidths=[CONTENT_WIDTH / columns] * columns, repeatRows=int(header),
                  splitInRow=1)
    table.setStyle(table_style(header_rows=int(header), striped=header))
    return table


def seconds(build: Callable[[], bytes]) -> float:
    start = time.perf_counter()
    build()
    return time.perf_counter() - start


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def compare(doc: NeedDocument, runs: int) -> dict:
    """Median build times of ``doc`` as a need statement and as a bare document, their
    ratio, and both page counts (bench/run.py reports these).

    The two builds take turns, so a busy moment of the machine slows both alike.
    """
    builds = (build_need_statement, build_like_for_like, build_bare, build_bare_same_type)
    for build in builds:
        build(doc)  # warm-up: fonts and imports load once
    times: list[list[float]] = [[] for _ in builds]
    for _ in range(runs):
        for build, kept in zip(builds, times, strict=True):
            kept.append(seconds(functools.partial(build, doc)))
    statement, like, bare, same_type = (statistics.median(kept) for kept in times)
    return {"runs": runs, "statement_ms": round(statement * 1000, 1),
            "statement_pages": page_count(build_need_statement(doc)),
            "like_ms": round(like * 1000, 1), "like_ratio": round(statement / like, 2),
            "like_pages": page_count(build_like_for_like(doc)),
            "bare_ms": round(bare * 1000, 1), "ratio": round(statement / bare, 2),
            "bare_pages": page_count(build_bare(doc)),
            "same_type_ms": round(same_type * 1000, 1),
            "same_type_ratio": round(statement / same_type, 2),
            "same_type_pages": page_count(build_bare_same_type(doc))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=20, help="runs per build (default 20)")
    runs = max(1, parser.parse_args(argv).runs)
    figures = compare(sample_need(), runs)

    print(f"runs per build:         {runs}")
    print(f"need statement:         {figures['statement_ms']:7.1f} ms median, "
          f"{figures['statement_pages']} pages")
    print(f"like for like:          {figures['like_ms']:7.1f} ms median, "
          f"{figures['like_pages']} pages, ratio {figures['like_ratio']:.2f}x (target 1.5)")
    print(f"bare SimpleDocTemplate: {figures['bare_ms']:7.1f} ms median, "
          f"{figures['bare_pages']} pages")
    print(f"ratio statement/bare:   {figures['ratio']:7.2f}x")
    print(f"bare, statement's type: {figures['same_type_ms']:7.1f} ms median, "
          f"{figures['same_type_pages']} pages, ratio {figures['same_type_ratio']:.2f}x")
    if not 9 <= figures["statement_pages"] <= 11:
        print(f"error: the sample should be about ten pages, got {figures['statement_pages']}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
