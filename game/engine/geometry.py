"""Grid geometry shared by the rules, the AI and the front ends.

The map is a square grid where a diagonal step is one step: distance is Chebyshev distance.
Writing it once keeps every "next to", "within range" and "within sight" test the same rule.
Cells are ``(x, y)`` tuples; numpy layers are indexed ``[y, x]``.
"""

from __future__ import annotations

from collections.abc import Iterator

Cell = tuple[int, int]

# The eight neighbours of a cell, row by row: the order every neighbour scan uses, so ties are
# broken the same way wherever they are.
DIRS: tuple[Cell, ...] = ((-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1))


def chebyshev(a: Cell, b: Cell) -> int:
    """Steps between two cells when a diagonal step counts as one (the game's distance)."""
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def within(a: Cell, b: Cell, r: int | float) -> bool:
    """Whether ``b`` is no more than ``r`` steps from ``a`` (range, sight and adjacency tests)."""
    return chebyshev(a, b) <= r


def adjacent(a: Cell, b: Cell) -> bool:
    """Whether two cells touch or are the same cell: the reach of a hand, a fuse or a shovel."""
    return chebyshev(a, b) <= 1


def neighbours(cell: Cell, width: int, height: int) -> Iterator[Cell]:
    """The cells around ``cell`` that lie on a ``width`` x ``height`` map, in ``DIRS`` order."""
    x, y = cell
    for dx, dy in DIRS:
        nx, ny = x + dx, y + dy
        if 0 <= nx < width and 0 <= ny < height:
            yield nx, ny


def on_map(cell: Cell, width: int, height: int) -> bool:
    """Whether a cell lies on a ``width`` x ``height`` map."""
    return 0 <= cell[0] < width and 0 <= cell[1] < height
