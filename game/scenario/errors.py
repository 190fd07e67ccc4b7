"""Diagnostics a designer reads: where (file, line, column, path) and what was expected."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    """A position in a source file; line and column are 1-based, as editors show them."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a scenario: where (file, line, column, path inside it) and what, in plain words."""

    mark: Mark | None
    path: str
    message: str

    def __str__(self) -> str:
        where = str(self.mark) if self.mark else "<scenario>"
        inside = f" {self.path}:" if self.path else ""
        return f"{where}:{inside} {self.message}"


class ScenarioError(Exception):
    """A scenario that cannot be used; carries every diagnostic found, not just the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__(self.report())

    def report(self) -> str:
        """Every diagnostic on its own line, then the count: what the command line prints."""
        n = len(self.diagnostics)
        lines = [str(d) for d in self.diagnostics]
        lines.append(f"{n} error{'s' if n != 1 else ''} found.")
        return "\n".join(lines)


def closest(word: object, choices: Iterable[str]) -> str | None:
    """The choice nearest to a misspelt ``word``, or None when nothing is close."""
    if not isinstance(word, str):
        return None
    close = difflib.get_close_matches(word, [c for c in choices if isinstance(c, str)], n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix, or '' when nothing is close."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def format_path(parts: Iterable[object]) -> str:
    """('units', 3, 'type') -> 'units[3].type'"""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else str(p)
    return out
