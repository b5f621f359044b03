"""Which figures of a published table to hide, so that no hidden one can be worked out.

The open data publishes counts of distinct people: per goal, for the whole city, each
secretariat and each territory, all time and in each year, every group listed (0 where
nobody trained). Counts about 1 to ``threshold - 1`` people are hidden (primary
suppression), and so is every part of a whole that small, and every part of those, zeros too:
whether such a cell is hidden says nothing of its value, so its null may be 0 (4 people in 4
territories: were only their 4 territories null, each would be 1 for sure). A visitor who
knows how the figures relate (``Relation``) can bound each hidden cell from the published
ones, adding and subtracting across every document and breakdown; so more figures are hidden
(complementary suppression) until no hidden one about somebody can be narrowed to a single
value. A null shown to be 0 gives nobody away: zeros need no such proof.

The visitor audited (the *combined* one) knows, of each hidden cell, why it was hidden: as a
part of a small whole (0 to ``threshold - 1``), as a small count (1 to ``threshold - 1``), or
to protect others (``threshold`` or more: a zero is never hidden for that, since a visitor
who can tell why would know it is 0); that a cell in ``positive`` is not zero; that no part
exceeds its whole and no whole exceeds the sum of its parts (a person may count in two
secretariats or two years); and that a whole *is* the sum of its parts exactly where the true
figures are (nobody in two). A visitor who knows less (not why a cell was hidden, or not
where the sums hold) has every table this one has, so what this one cannot pin, neither can
they (tests/enrollments/test_open_data_method.py). The audit is an exact integer program
(HiGHS, through SciPy).

A hidden cell is safe when the visitor has two tables, consistent with everything published,
that give it different values. The truth is one; a second is found by maximising or minimising
a sum of the hidden cells not yet shown safe (one solve shows many at once), then one cell at a
time for the few left. While a hidden cell is not safe, one more figure is hidden for its
linked group (``_Audit.complement``), and the audit runs again. Hiding one more cell never
makes a safe one unsafe (its true value stays possible), so only the others are audited
again. Should every figure be hidden and a cell still be pinned (it happens: a visitor who
knows that small counts are not 0 can add them up to more than what holds them), every cell
is hidden, zeros too; then no null says why it is null, and no table tried has left one
pinned (every table of up to 9 people on small grids, and thousands of random ones).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

Cell = Hashable

PRESOLVE, NO_PRESOLVE = {}, {"presolve": False}
# How many figures ``_Audit.complement`` tries, cheapest first, for one that frees a cell.
TRIED = 8


@dataclass(frozen=True)
class Relation:
    """A count of distinct people and the counts it breaks down into. A person may fall in
    several parts (two secretariats, two years), so each part is at most the whole and the
    whole at most the sum of the parts; the sum exactly when nobody is in two."""

    whole: Cell
    parts: tuple[Cell, ...]


def cells_to_hide(
    values: Mapping[Cell, int],
    relations: Sequence[Relation],
    *,
    threshold: int,
    positive: Collection[Cell] = (),
    keep: Collection[Cell] = (),
) -> frozenset[Cell]:
    """The cells to publish as null: every count from 1 to ``threshold - 1``, every part of
    such a count (and of those), and enough other figures that no null about somebody can be
    narrowed to one value. ``positive``: cells a visitor knows are not zero whatever is
    published. ``keep``: figures the public needs most, hidden to protect another only when
    no other figure does it alone. Deterministic: the same figures give the same cells in
    every process (with one SciPy version)."""
    audit = _Audit(values, relations, threshold, positive, keep)
    hidden = {cell for cell, value in values.items() if 0 < value < threshold} | audit.covered
    # Cells known not to be pinned. Hiding more never undoes that (the hidden cell's true
    # value stays possible), so only the others are audited again.
    safe: set[Cell] = set()
    while True:
        added, stuck = set(), False
        for component in audit.components(hidden):
            unproven = [cell for cell in component if cell not in safe and values[cell] > 0]
            if not unproven:
                continue
            proven, exposed = _Model(audit, component).audit(unproven)
            safe |= proven
            if exposed is not None:
                doubtful = [cell for cell in unproven if cell not in safe]
                choice = audit.complement(exposed, component, doubtful, hidden)
                if choice is None:
                    stuck = True
                else:
                    added.add(choice)
        if not added:
            break
        hidden |= added
    if stuck:
        # Every figure is hidden and one is still pinned by a visitor who knows that a count
        # hidden for being small is not 0: small years that need somebody each, from two
        # secretariats of 4 at most, make each 4 (test_open_data_method.py). Hiding every
        # zero too takes that away: no null then says why it is null.
        return frozenset(values)
    return frozenset(hidden)


def _order(cell: Cell) -> str:
    # Cells may mix key types; their repr orders them the same way in every process.
    return repr(cell)


class _Audit:
    def __init__(
        self,
        values: Mapping[Cell, int],
        relations: Sequence[Relation],
        threshold: int,
        positive: Collection[Cell],
        keep: Collection[Cell],
    ):
        self.values = values
        self.relations = list(relations)
        self.threshold = threshold
        self.positive = frozenset(positive)
        self.keep = frozenset(keep)
        # Only an upper bound for the solver: a cell may be any size; capping it can only make
        # a cell look less safe than it is (it removes tables), never more.
        self.cap = 2 * max(values.values(), default=0) + 2 * threshold
        # The parts of a small whole, and the parts of those, and so on: hidden whatever their
        # value, so that whether a cell is hidden says nothing of whether it (or a cell it is a
        # part of) is 0. But not the parts of a whole published as 0: everybody knows them.
        self.covered: set[Cell] = set()
        while (
            more := {
                part
                for relation in self.relations
                if 0 < values[relation.whole] < threshold or relation.whole in self.covered
                for part in relation.parts
            }
            - self.covered
        ):
            self.covered |= more
        while (
            known := {
                part
                for relation in self.relations
                if values[relation.whole] == 0 and relation.whole not in self.covered
                for part in relation.parts
            }
            & self.covered
        ):
            self.covered -= known
        self.relations_of: dict[Cell, list[int]] = defaultdict(list)
        for n, relation in enumerate(self.relations):
            for cell in (relation.whole, *relation.parts):
                self.relations_of[cell].append(n)
        self.additive = [
            sum(values[part] for part in relation.parts) == values[relation.whole]
            for relation in self.relations
        ]

    def components(self, hidden: set[Cell]) -> list[list[Cell]]:
        """Hidden cells linked by relations (directly or through others), each group in a
        fixed order, the groups too."""
        parent = {cell: cell for cell in hidden}

        def root(cell):
            while parent[cell] != cell:
                parent[cell] = parent[parent[cell]]
                cell = parent[cell]
            return cell

        for relation in self.relations:
            linked = [cell for cell in (relation.whole, *relation.parts) if cell in hidden]
            for cell in linked[1:]:
                parent[root(cell)] = root(linked[0])
        groups: dict[Cell, list[Cell]] = defaultdict(list)
        for cell in sorted(hidden, key=_order):
            groups[root(cell)].append(cell)
        return list(groups.values())

    def complement(
        self, exposed: Cell, component: list[Cell], doubtful: list[Cell], hidden: set[Cell]
    ) -> Cell | None:
        """The published figure to hide next for ``exposed`` (of ``component``), from those
        in a relation with it, else linked to the ``doubtful`` cells (not yet shown safe),
        else any. Never a zero: it would protect nothing from a visitor who can tell why it
        was hidden. None when every figure is hidden.

        The public loses least with few figures hidden, small ones, and few it should ``keep``:
        so the first that frees ``exposed`` on its own, trying the others before those to
        keep, each the smallest first (then the one in relations with most ``doubtful``
        cells); when none does, the first of them all."""
        reach: dict[Cell, int] = defaultdict(int)
        for cell in doubtful:
            for near in set(self._near(cell)):
                reach[near] += 1

        def cost(cell: Cell) -> tuple:
            return (cell in self.keep, self.values[cell], -reach.get(cell, 0), _order(cell))

        for pool in (self._near(exposed), reach, self.values):
            candidates = sorted(
                {cell for cell in pool if cell not in hidden and self.values[cell] > 0}, key=cost
            )
            if candidates:
                break
        else:
            return None
        for candidate in candidates[:TRIED]:
            # Hidden cells of other components count as known here: a candidate that frees
            # ``exposed`` so does all the more once they are hidden.
            if _Model(self, [*component, candidate]).frees(exposed):
                return candidate
        return candidates[0]

    def _near(self, cell: Cell) -> list[Cell]:
        """The cells sharing a relation with ``cell``."""
        return [
            near
            for n in self.relations_of[cell]
            for near in (self.relations[n].whole, *self.relations[n].parts)
        ]


class _Model:
    """The visitor's integer program over one component of hidden cells."""

    def __init__(self, audit: _Audit, cells: list[Cell]):
        self.cells = cells
        self.truth = np.array([audit.values[cell] for cell in cells], dtype=float)
        index = {cell: i for i, cell in enumerate(cells)}
        small = audit.threshold - 1
        lower, upper = [], []
        for cell in cells:
            if audit.values[cell] > small:
                lower.append(audit.threshold)
                upper.append(audit.cap)
            else:
                # Hidden as a small count, it is somebody; as a part of a small whole, maybe not.
                known = cell in audit.positive or cell not in audit.covered
                lower.append(1 if known else 0)
                upper.append(small)
        self.bounds = Bounds(lower, upper)

        rows, columns, coefficients, low, high = [], [], [], [], []

        def constrain(terms: list[tuple[Cell, int]], equal: bool) -> None:
            """sum(sign * cell) <= 0 (or == 0), published cells moved to the right."""
            constant, row = 0, defaultdict(int)
            for cell, sign in terms:
                if cell in index:
                    row[index[cell]] += sign
                else:
                    constant += sign * audit.values[cell]
            row = {column: value for column, value in row.items() if value}
            if not row:
                return
            for column, value in row.items():
                rows.append(len(low))
                columns.append(column)
                coefficients.append(value)
            low.append(-constant if equal else -np.inf)
            high.append(-constant)

        for n in sorted({n for cell in cells for n in audit.relations_of[cell]}):
            relation = audit.relations[n]
            whole, parts = relation.whole, relation.parts
            for part in parts:
                constrain([(part, 1), (whole, -1)], equal=False)
            constrain([(whole, 1), *((part, -1) for part in parts)], equal=audit.additive[n])
        self.constraints = []
        if low:
            matrix = coo_array((coefficients, (rows, columns)), shape=(len(low), len(cells)))
            self.constraints = [LinearConstraint(matrix.tocsr(), low, high)]

    def holds(self, table: np.ndarray) -> bool:
        """Whether ``table`` (integers) is within every bound and relation."""
        if not ((self.bounds.lb <= table).all() and (table <= self.bounds.ub).all()):
            return False
        if not self.constraints:
            return True
        (constraint,) = self.constraints
        values = constraint.A @ table
        return bool((constraint.lb <= values).all() and (values <= constraint.ub).all())

    def table(self, weights: dict[int, float], options: dict = PRESOLVE) -> np.ndarray | None:
        """A table within every bound and relation minimising ``weights`` (cell index: weight),
        checked here whatever the solver says; None when it finds none."""
        objective = np.zeros(len(self.cells))
        for i, weight in weights.items():
            objective[i] = weight
        result = milp(
            objective,
            integrality=np.ones(len(self.cells)),
            bounds=self.bounds,
            constraints=self.constraints,
            options=options,
        )
        if result.success and self.holds(table := np.round(result.x)):
            return table
        return None

    def frees(self, cell: Cell) -> bool:
        """Whether some table gives ``cell`` another value than its true one (a quick look,
        which may miss one: for choosing, never for calling a cell safe)."""
        i = self.cells.index(cell)
        for sense in (-1.0, 1.0):
            table = self.table({i: sense})
            if table is not None and table[i] != self.truth[i]:
                return True
        return False

    def audit(self, unproven: list[Cell]) -> tuple[set[Cell], Cell | None]:
        """The cells of ``unproven`` shown to take two values, and the first one found that
        takes only one (None if none does; the audit stops there, the rest stay unproven)."""
        wanted = set(unproven)
        open_ = {i for i, cell in enumerate(self.cells) if cell in wanted}
        proven: set[int] = set()

        def solve(weights: dict[int, float], options: dict) -> None:
            # A cell is only ever called safe on a second table checked here; when there is
            # none, the cells stay unproven.
            if (table := self.table(weights, options)) is not None:
                moved = {i for i in open_ if table[i] != self.truth[i]}
                open_.difference_update(moved)
                proven.update(moved)

        # Push all the open cells up, then down, at once: each solve proves every cell whose
        # value moved; one cell at a time only for those that never moved.
        for sense in (-1.0, 1.0):
            while open_:
                before = len(open_)
                solve(dict.fromkeys(open_, sense), PRESOLVE)
                if len(open_) == before:
                    break
        for i in sorted(open_):
            # HiGHS's MIP presolve has called feasible models infeasible and missed better
            # solutions (scipy#18907, HiGHS#2388; here too): a cell is exposed only when the
            # solver without it agrees.
            for options in (PRESOLVE, NO_PRESOLVE):
                for sense in (-1.0, 1.0):
                    if i in open_:
                        solve({i: sense}, options)
            if i in open_:
                return {self.cells[n] for n in proven}, self.cells[i]
        return {self.cells[n] for n in proven}, None
