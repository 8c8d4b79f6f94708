"""The lifecycle table: every allowed and every refused step."""
import itertools

import pytest

from procure.needs.lifecycle import TRANSITIONS, LifecycleError, check_transition, is_editable
from procure.needs.vocabulary import OPEN_STATES, STATES

ALLOWED = {
    ("draft", "in_review"), ("in_review", "draft"), ("in_review", "approved"),
    ("approved", "draft"), ("approved", "in_dialogue"), ("approved", "in_procurement"),
    ("in_dialogue", "in_procurement"), ("in_procurement", "contracted"),
    ("contracted", "closed"),
} | {(state, "withdrawn") for state in OPEN_STATES}


def test_the_declared_table_is_the_expected_one():
    assert {(t.source, t.target) for t in TRANSITIONS} == ALLOWED


@pytest.mark.parametrize("source, target", list(itertools.product(STATES, STATES)))
def test_every_pair_is_allowed_or_refused(source, target):
    if (source, target) in ALLOWED:
        assert check_transition(source, target, actor_is_author=False,
                                actor_is_admin=False).target == target
    else:
        with pytest.raises(LifecycleError) as error:
            check_transition(source, target, actor_is_author=False, actor_is_admin=False)
        assert error.value.code == "not_allowed"


def test_the_author_cannot_approve_but_an_admin_author_can():
    with pytest.raises(LifecycleError) as error:
        check_transition("in_review", "approved", actor_is_author=True, actor_is_admin=False)
    assert error.value.code == "second_person"
    check_transition("in_review", "approved", actor_is_author=True, actor_is_admin=True)


def test_closed_and_withdrawn_are_final():
    for state in ("closed", "withdrawn"):
        assert not [t for t in TRANSITIONS if t.source == state]


def test_only_drafts_are_editable():
    assert [state for state in STATES if is_editable(state)] == ["draft"]


def test_reopening_makes_a_new_version():
    assert check_transition("approved", "draft", actor_is_author=True,
                            actor_is_admin=False).new_version
