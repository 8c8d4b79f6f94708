"""Time the need statement PDF against a bare ReportLab document with the same text.

Usage: ``python bench/bench_pdf.py [RUNS]`` (default 20). Prints the median build time of
``build_need_statement`` on the ten-page sample, the median of a plain SimpleDocTemplate
build of the same words (default Helvetica, no tables, header, outline or watermark),
their ratio, and both page counts so the comparison is known to be like for like.
"""
from __future__ import annotations

import argparse
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


def median_seconds(build: Callable[[], bytes], runs: int) -> float:
    build()  # warm-up: font loading and imports are not what we measure
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        build()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=20, help="runs per build (default 20)")
    runs = max(1, parser.parse_args(argv).runs)
    doc = sample_need()

    statement_pages = len(PdfReader(io.BytesIO(build_need_statement(doc))).pages)
    bare_pages = len(PdfReader(io.BytesIO(build_bare(doc))).pages)
    statement = median_seconds(lambda: build_need_statement(doc), runs)
    bare = median_seconds(lambda: build_bare(doc), runs)

    print(f"runs per build:         {runs}")
    print(f"need statement:         {statement * 1000:7.1f} ms median, {statement_pages} pages")
    print(f"bare SimpleDocTemplate: {bare * 1000:7.1f} ms median, {bare_pages} pages")
    print(f"ratio statement/bare:   {statement / bare:7.2f}x")
    if not 9 <= statement_pages <= 11:
        print(f"error: the sample should be about ten pages, got {statement_pages}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
