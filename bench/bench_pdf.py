"""Time the need statement PDF against a bare ReportLab document with the same text.

Usage: ``python bench/bench_pdf.py [RUNS]`` (default 20). Prints the median build time of
``build_need_statement`` on the ten-page sample, the median of a plain SimpleDocTemplate
build of the same words (default Helvetica, no tables, header, outline or watermark),
their ratio, and both page counts so the comparison is known to be like for like; then
the same flat text in the statement's own fonts and body style, which separates what the
typography costs from what the statement's structure (tables, headers, outline) costs.
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
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from bench.sample_need import sample_need  # noqa: E402
from procure.needs.document import NeedDocument  # noqa: E402
from procure.needs.statement_pdf import build_need_statement  # noqa: E402
from procure.pdf.style import register_fonts, stylesheet  # noqa: E402


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
    builds = (build_need_statement, build_bare, build_bare_same_type)
    for build in builds:
        build(doc)  # warm-up: fonts and imports load once
    times: list[list[float]] = [[], [], []]
    for _ in range(runs):
        for build, kept in zip(builds, times, strict=True):
            kept.append(seconds(functools.partial(build, doc)))
    statement, bare, same_type = (statistics.median(kept) for kept in times)
    return {"runs": runs, "statement_ms": round(statement * 1000, 1),
            "bare_ms": round(bare * 1000, 1), "ratio": round(statement / bare, 2),
            "statement_pages": page_count(build_need_statement(doc)),
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
