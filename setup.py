"""Packaging is declared in setup.cfg; this adds one build step: the gettext catalogues
are compiled into the package (``.mo`` files are never committed)."""
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    """Compile ``procure/translations/*/LC_MESSAGES/messages.po`` beside their sources
    (the source tree for an editable install, the build tree otherwise)."""

    def run(self):
        from pathlib import Path

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in Path("procure/translations").glob("*/LC_MESSAGES/*.po"):
            with po_path.open("rb") as handle:
                catalogue = read_po(handle)
            with po_path.with_suffix(".mo").open("wb") as out:
                write_mo(out, catalogue, use_fuzzy=False)
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogues})
