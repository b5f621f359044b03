"""The disclosure control alone (``enrollments.disclosure``), on larger and more varied tables
than the API's property test can afford: no database, the same attackers
(tests/enrollments/test_open_data_disclosure.py)."""

from __future__ import annotations

import os
import random
from collections import defaultdict

from hypothesis import Phase, event, example, given, settings
from hypothesis import strategies as st

from enrollments import disclosure
from tests.conftest import in_ci
from tests.enrollments.test_open_data_disclosure import (
    COMBINED,
    NARROWER,
    SMALL,
    assert_safe,
    covered,
    found_by,
    relations_of,
)

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
YEARS, SECRETARIATS, TERRITORIES = range(2020, 2025), 5, 12


def examples(n: int):
    return settings(
        max_examples=max(1, round(n * SCALE)),
        deadline=None,
        derandomize=in_ci(),
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    )


def crowd():
    """People, each with completions (year, secretariat, territory), most in a few places."""
    completion = st.tuples(
        st.sampled_from(YEARS),
        st.integers(0, SECRETARIATS - 1),
        st.sampled_from([0, 0, 0, 1, 1, 2]) | st.integers(0, TERRITORIES - 1),
    )
    person = st.lists(completion, min_size=1, max_size=3)
    # As many people as drawn (a plain list strategy favours a few): figures of 5 or more
    # then stand beside small ones.
    return st.integers(0, 60).flatmap(lambda n: st.lists(person, min_size=n, max_size=n))


def loners():
    """Up to 4 people, each trained once in a territory of their own."""
    return st.lists(
        st.tuples(
            st.sampled_from(YEARS),
            st.integers(0, SECRETARIATS - 1),
            st.integers(0, TERRITORIES - 1),
        ),
        max_size=4,
        unique_by=lambda completion: completion[2],
    ).map(lambda completions: [[completion] for completion in completions])


def table_of(people: list[list[tuple]]) -> dict[tuple, int]:
    """One goal's table as the API serves it: every group in all time and in every year
    (as if other goals had completions in all of them), 0 where nobody trained."""
    sets = defaultdict(set)
    for person, completions in enumerate(people):
        for year, secretariat, territory in completions:
            for period in ("all", year):
                sets[(period, "total", "")].add(person)
                sets[(period, "secretariat", f"S{secretariat}")].add(person)
                sets[(period, "territory", f"T{territory:02d}")].add(person)
    periods = ["all", *YEARS] if people else []
    groups = [("total", "")]
    groups += [("secretariat", f"S{n}") for n in range(SECRETARIATS)]
    groups += [("territory", f"T{n:02d}") for n in range(TERRITORIES)]
    return {(period, *group): len(sets[(period, *group)]) for period in periods for group in groups}


def published(real: dict[tuple, int]) -> dict[tuple, int | None]:
    """``real`` with the cells ``disclosure.cells_to_hide`` picks as None."""
    relations = [disclosure.Relation(whole, tuple(parts)) for whole, parts in relations_of(real)]
    totals = [key for key in real if key[1] == "total"]
    hidden = disclosure.cells_to_hide(real, relations, threshold=5, positive=totals)
    return {key: None if key in hidden else n for key, n in real.items()}


FOUR_IN_FOUR = [[(2022, 0, territory)] for territory in (1, 4, 7, 10)]


@examples(80)
@given(people=crowd(), spread=loners())
@example(people=[], spread=FOUR_IN_FOUR)
def test_the_method_leaves_no_null_to_work_out_on_any_table(people, spread):
    """Without the database: people counted into one goal's table, hidden by
    ``disclosure.cells_to_hide`` over the relations a visitor sees, then attacked as the
    API's documents are."""
    real = table_of(people + spread)
    assert_safe("M01", published(real), real)


# The pentest's 20 = 12 + 4 + 4: the informed attacker pins SME's and SMADS's 4 and 4.
EIGHT_IS_FOUR_AND_FOUR = [[(2020, 0, 0)]] * 12 + [[(2020, 1, 0)]] * 4 + [[(2020, 2, 0)]] * 4
# One person alone beside 6: the adding attacker takes 7 - 6.
ONE_BESIDE_SIX = [[(2020, 0, 0)]] * 6 + [[(2020, 0, 1)]]


@examples(30)
@example(people=EIGHT_IS_FOUR_AND_FOUR, spread=[], share=0, chosen=random.Random(0))
@example(people=ONE_BESIDE_SIX, spread=[], share=0, chosen=random.Random(0))
@given(
    people=crowd(),
    spread=loners(),
    share=st.sampled_from([0, 0.1, 0.3]),
    chosen=st.randoms(use_true_random=False),
)
def test_an_attacker_who_knows_less_pins_nothing_the_combined_one_cannot(
    people, spread, share, chosen
):
    """Why only the combined attacker is audited: each narrower one has every table it has,
    so whatever it pins, the combined one pins too, at the same value. Shown on tables hidden
    at random (the small counts, every part of a small whole, and some figures), and on two
    where narrower ones do pin something."""
    real = table_of(people + spread)
    cells = {key: None if n in SMALL else n for key, n in real.items()}
    for key in covered(cells, real):
        cells[key] = None
    for key in sorted((key for key, n in cells.items() if n), key=repr):
        if chosen.random() < share:
            cells[key] = None
    combined = found_by(COMBINED, cells, real)
    for attacker in NARROWER:
        found = found_by(attacker, cells, real)
        assert found.items() <= combined.items(), (attacker.name, found, combined)
        if found:
            event(f"the {attacker.name} attacker pins some null")
    if combined:
        event("the combined attacker pins some null")


# Every figure hidden, and still SMS's 4 and SME's 4 are pinned by a visitor who knows that
# a count hidden for being small is somebody: 2020 needs 5 of them (2020's total is 5 or more),
# 2021, 2022 and 2023 one each (their totals are small, so not 0), from two secretariats of 4
# at most; so each is 4, and 2020's total 5.
NO_FIGURE_PROTECTS = [
    [(2020, 0, 0)],
    [(2020, 0, 0)],
    [(2020, 1, 0)],
    [(2020, 1, 0)],
    [(2020, 1, 0), (2022, 0, 0)],
    [(2021, 0, 0), (2023, 1, 0)],
]


def test_a_table_no_figure_can_protect_is_published_all_null():
    real = table_of(NO_FIGURE_PROTECTS)
    cells = {key: None if n else 0 for key, n in real.items()}
    for key in covered(cells, real):
        cells[key] = None
    assert found_by(COMBINED, cells, real)  # every figure hidden is not enough

    served = published(real)
    assert set(served.values()) == {None}
    assert_safe("M01", served, real)


@examples(60)
@given(people=crowd(), spread=loners())
@example(people=[], spread=FOUR_IN_FOUR)
@example(people=NO_FIGURE_PROTECTS, spread=[])
def test_with_every_cell_hidden_nobody_can_be_worked_out(people, spread):
    """Where the method may end, every cell of a goal null, zeros too: the combined attacker
    cannot tell a zero from a small count any more, and pins nothing. (The API's documents
    are checked, too, by tests/enrollments/test_open_data_disclosure.py.)"""
    real = table_of(people + spread)
    assert not found_by(COMBINED, dict.fromkeys(real), real)
