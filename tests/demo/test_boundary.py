"""Demo data is not a feature: only the CLI imports ``peerlearn.demo``."""

from __future__ import annotations

import ast
from pathlib import Path

import peerlearn

PACKAGE = Path(peerlearn.__file__).parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_cli_imports_the_demo_package():
    importers = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if PACKAGE / "demo" not in path.parents
        and any(name.split(".")[:2] == ["peerlearn", "demo"] for name in _imports(path))
    }
    assert importers == {"cli.py"}
