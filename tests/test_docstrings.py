"""Every public part of the engine, scenario format, narrator and controller says why it exists.

These four packages are the contracts every front end, policy and report builds on; a reader
meeting a class or function there should learn its purpose without reading its callers. A function
nested in another is a local detail and is exempt; so is a method that overrides a documented
method of a project base class (an order's ``blocked``, a visitor's ``visit_<kind>``), whose
contract the base states once.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GAME = ROOT / "game"
CHECKED = ("game/engine", "game/scenario", "game/narrate", "game/control")

pytestmark = pytest.mark.skipif(not GAME.is_dir(), reason="needs the source tree")

Def = ast.FunctionDef | ast.AsyncFunctionDef


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


class _Project:
    """Every class of ``game``, found by module and name, so a base named by import can be followed."""

    def __init__(self) -> None:
        self.trees: dict[str, ast.Module] = {}
        self.paths: dict[str, Path] = {}
        for path in sorted(GAME.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            name = _module_name(path)
            self.trees[name] = ast.parse(path.read_text(encoding="utf-8"))
            self.paths[name] = path

    def _names(self, module: str) -> dict[str, str]:
        """What each imported name of ``module`` refers to, as 'module.Name' or 'module'."""
        out: dict[str, str] = {}
        package = module if self.paths[module].name == "__init__.py" else module.rpartition(".")[0]
        for node in self.trees[module].body:
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:
                    out[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    out[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        return out

    def find_class(self, module: str, name: str, seen: int = 0) -> tuple[str, ast.ClassDef] | None:
        """The project class ``name`` as seen from ``module`` (following re-exports), or None."""
        if module not in self.trees or seen > 5:
            return None
        for node in self.trees[module].body:
            if isinstance(node, ast.ClassDef) and node.name == name:
                return module, node
        target = self._names(module).get(name)
        if target and target.startswith("game."):
            mod, _, attr = target.rpartition(".")
            return self.find_class(mod, attr, seen + 1)
        return None

    def bases(self, module: str, cls: ast.ClassDef) -> list[tuple[str, ast.ClassDef]]:
        """The project classes ``cls`` derives from, nearest first (each once)."""
        out: list[tuple[str, ast.ClassDef]] = []
        names = self._names(module)
        for base in cls.bases:
            found = None
            if isinstance(base, ast.Name):
                found = self.find_class(module, base.id)
            elif isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
                target = names.get(base.value.id)
                if target:
                    found = self.find_class(target, base.attr)
            if found and found not in out:
                out.append(found)
                out.extend(b for b in self.bases(*found) if b not in out)
        return out


def _documented_in_base(project: _Project, module: str, cls: ast.ClassDef, fn: Def) -> bool:
    """True when a project base class documents this method, by name or as its ``visit_<kind>`` rule."""
    for _, base in project.bases(module, cls):
        for node in base.body:
            if isinstance(node, Def) and node.name == fn.name and ast.get_docstring(node):
                return True
        if fn.name.startswith("visit_") and "visit_<kind>" in (ast.get_docstring(base) or ""):
            return True
    return False


def _public(name: str) -> bool:
    return not name.startswith("_")


def _missing(project: _Project, module: str) -> list[str]:
    """Each undocumented public part of ``module`` as 'path:line name'."""
    tree = project.trees[module]
    rel = project.paths[module].relative_to(ROOT).as_posix()
    out: list[str] = []
    if not ast.get_docstring(tree):
        out.append(f"{rel}:1 (module)")

    def walk_class(cls: ast.ClassDef, prefix: str) -> None:
        if not ast.get_docstring(cls):
            out.append(f"{rel}:{cls.lineno} {prefix}{cls.name}")
        for node in cls.body:
            if isinstance(node, ast.ClassDef) and _public(node.name):
                walk_class(node, f"{prefix}{cls.name}.")
            elif (isinstance(node, Def) and _public(node.name) and not ast.get_docstring(node)
                  and not _documented_in_base(project, module, cls, node)):
                out.append(f"{rel}:{node.lineno} {prefix}{cls.name}.{node.name}")

    for node in tree.body:
        if isinstance(node, ast.ClassDef) and _public(node.name):
            walk_class(node, "")
        elif isinstance(node, Def) and _public(node.name) and not ast.get_docstring(node):
            out.append(f"{rel}:{node.lineno} {node.name}")
    return out


def test_every_public_module_class_function_and_method_of_the_core_packages_has_a_docstring() -> None:
    project = _Project()
    checked = [m for m in project.trees if any(str(project.paths[m].relative_to(ROOT)).startswith(p)
                                               for p in CHECKED)]
    missing = [line for m in sorted(checked) for line in _missing(project, m)]
    assert not missing, "no docstring saying why:\n" + "\n".join(missing)
