"""The architecture as rules the code must keep: a pure engine, no cycles, small modules, clean lint.

These are the promises the design makes to every front end (see the README's "How it is built");
a test keeps them from eroding one convenient import at a time.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAME = ROOT / "game"
MAX_LINES = 500

pytestmark = pytest.mark.skipif(not GAME.is_dir(), reason="needs the source tree")


def _modules() -> list[Path]:
    return sorted(p for p in GAME.rglob("*.py") if "__pycache__" not in p.parts)


def _package(path: Path) -> str:
    """The subpackage a module belongs to ('engine', 'ui', ...; top-level modules count as their own)."""
    rel = path.relative_to(GAME).parts
    return rel[0] if len(rel) > 1 else rel[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    """Every module of ``game`` that ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = ".".join(("game", *path.relative_to(GAME).with_suffix("").parts))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: -node.level]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            out.add(mod)
            out |= {f"{mod}.{a.name}" for a in node.names}
    return {m for m in out if m == "game" or m.startswith("game.") or m.split(".")[0] == "pygame"}


def test_no_module_of_the_game_is_over_500_lines() -> None:
    big = {str(p.relative_to(ROOT)): n for p in _modules()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_the_engine_imports_only_itself_and_the_scenario_vocabulary() -> None:
    allowed = ("game.engine", "game.scenario.model", "game.scenario.catalogue")
    bad = {str(p.relative_to(ROOT)): sorted(m for m in _imports(p)
                                            if not any(m == a or m.startswith(a + ".") for a in allowed))
           for p in (GAME / "engine").rglob("*.py")}
    assert not {k: v for k, v in bad.items() if v}


@pytest.mark.parametrize("package", ["engine", "scenario", "control", "narrate", "teach", "sim", "ai", "report"])
def test_a_package_below_the_screens_never_imports_pygame(package: str) -> None:
    users = [str(p.relative_to(ROOT)) for p in (GAME / package).rglob("*.py")
             if any(m.split(".")[0] == "pygame" for m in _imports(p))]
    assert not users


def test_no_two_subpackages_import_each_other_even_through_others() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for p in _modules():
        src = _package(p)
        for m in _imports(p):
            parts = m.split(".")
            if parts[0] != "game" or len(parts) < 2:
                continue
            dst = parts[1]
            if dst != src and ((GAME / dst).is_dir() or (GAME / f"{dst}.py").is_file()):
                graph[src].add(dst)
    cycles = []
    for a in sorted(graph):
        seen, stack = set(), [(b, [a, b]) for b in graph[a]]
        while stack:
            node, path = stack.pop()
            if node == a:
                cycles.append(" -> ".join(path))
                break
            if node in seen:
                continue
            seen.add(node)
            stack += [(n, [*path, n]) for n in graph.get(node, ())]
    assert not cycles, f"import cycles between subpackages: {cycles}"


def test_the_code_is_ruff_clean() -> None:
    if shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists():
        pytest.skip("ruff is not installed")
    ruff = str(Path(sys.executable).parent / "ruff") if (Path(sys.executable).parent / "ruff").exists() else "ruff"
    done = subprocess.run([ruff, "check", "--quiet", str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
