"""The generated statements describe needs, not products, except where a slip is meant."""
from __future__ import annotations

import pytest

from procure.generate import themes
from procure.needs.document import NeedDocument, Outcome, Requirement
from procure.needs.language_check import check_need


def statement(language: str, **parts) -> NeedDocument:
    return NeedDocument(reference="GEN-2026-001", title="", language=language, **parts)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("theme", themes.THEMES, ids=lambda theme: theme.key)
def test_every_sentence_of_a_theme_passes_the_need_language_check(theme, language):
    texts = theme.texts(language)
    document = statement(
        language, background=" ".join(texts.background), problem=" ".join(texts.problem),
        current_situation=" ".join(texts.current),
        constraints=" ".join(themes.CONSTRAINTS[language]),
        sustainability_ecological=" ".join(themes.ECOLOGICAL[language]),
        sustainability_social=" ".join(themes.SOCIAL[language]),
        timeline=themes.TIMELINE[language].format(year=2026, next=2027, start=2028),
        outcomes=tuple(Outcome(*row, when=themes.WHEN_YEAR[language].format(year=2028))
                       for row in texts.outcomes),
        requirements=tuple(Requirement(text, True, (1,)) for text in texts.requirements))
    assert check_need(document) == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_slip_is_found(language):
    for slip in themes.SLIPS[language]:
        assert check_need(statement(language, current_situation=slip)), slip
