"""The package layout stays as built: one folder per stage, imports run one way, no import circles.

Every import counts, at module level, inside functions and under TYPE_CHECKING alike: a lazy
import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "narrate"
SHARED = {"narrate", "narrate.config", "narrate.models", "narrate.errors", "narrate.tools", "narrate.atomic",
          "narrate.data"}
STAGES = ("article", "german", "voice", "sound")
# What each layer may import besides itself. The four stages stand on the shared modules only, except
# that the German front-end reads the Article the stage before it gives.
ALLOWED = {
    "shared": set(),
    "article": {"shared"},
    "german": {"shared", "article"},
    "voice": {"shared"},
    "sound": {"shared"},
    "pipeline": {"shared", *STAGES},
    "listen": {"shared", *STAGES, "pipeline"},
    "batch": {"shared", *STAGES, "pipeline", "listen"},
    "cli": {"shared", *STAGES, "pipeline", "listen", "batch"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def layer(module: str) -> str:
    if module in SHARED:
        return "shared"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "shared"


def imports_of(module: str) -> set[str]:
    """narrate modules that `module` imports; `from pkg import sub` counts as importing pkg.sub."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "narrate")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "narrate":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return {m for m in found if m != module}


GRAPH = {m: imports_of(m) for m in MODULES}


def top_level_names(module: str) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(MODULES[module].read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def test_every_imported_name_exists():
    """`from narrate.x import y`: y is a module of narrate.x or a name narrate.x defines."""
    missing = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").startswith("narrate"):
                if node.module not in MODULES:
                    missing.append(f"{module}: no module {node.module}")
                    continue
                defined = top_level_names(node.module)
                missing += [f"{module}: {node.module} has no {a.name}" for a in node.names
                            if f"{node.module}.{a.name}" not in MODULES and a.name not in defined]
    assert not missing, missing


def test_the_stages_are_packages():
    for name in (*STAGES, "batch", "listen", "cli"):
        init = PACKAGE / name / "__init__.py"
        assert init.is_file(), name
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "→" in doc.splitlines()[0], f"{name}/__init__.py must say what the stage takes and gives"
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == sorted(
        ["__init__.py", "__main__.py", "atomic.py", "config.py", "data.py", "errors.py", "models.py",
         "pipeline.py", "tools.py"])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module):
    if module == "narrate.__main__":
        return
    mine = layer(module)
    wrong = sorted(d for d in GRAPH[module] if layer(d) != mine and layer(d) not in ALLOWED[mine])
    assert not wrong, f"{module} ({mine}) must not import {wrong}"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_circles():
    cycle = find_cycle(GRAPH)
    assert cycle is None, " → ".join(cycle)


def test_the_circle_finder_finds_circles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_help_imports_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys; from typer.testing import CliRunner; from narrate.cli import app; "
            "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in ('torch', 'scipy', 'trafilatura', 'TTS', 'pyloudnorm') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
