"""The package layout holds: imports run one way between the concept packages, with no private names.

Lower layers never import higher ones, packages on one layer never import each other (the core
modules excepted), and no
module imports another package's `_private` name. `training/__init__.py`, the app factory, assembles
the app from every package and may import them all.
"""

import ast
from pathlib import Path

import pytest

TRAINING = Path(__file__).resolve().parent.parent / "training"
CORE = {"cli", "config", "db", "errors", "extensions", "schema", "templating", "forms", "web", "logs", "i18n"}
LAYERS = [
    CORE,
    {"models"},
    {"accounts", "content"},
    {"coach", "status"},
    {"evidence"},
    {"xapi"},  # statements built from the ledger's entries, for a learning record store
    {"certificates"},
    {"learning"},
    {"hr"},
    {"editor"},
    {"api"},  # the HR-system API: it uses HR's services (deactivating a person) as HR's pages do
]
RANK = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}
ASSEMBLY = {TRAINING / "__init__.py"}


def package_of(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "training" else None


def modules():
    for path in sorted(TRAINING.rglob("*.py")):
        if "migrations" not in path.parts and path not in ASSEMBLY:
            yield path


def imports(path: Path):
    """Yield (line, imported module, imported names) for every import of a training module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []


def own_package(path: Path) -> str:
    relative = path.relative_to(TRAINING)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def test_every_package_has_a_layer():
    packages = {own_package(path) for path in modules()}
    assert packages - set(RANK) == set()


@pytest.mark.parametrize("path", list(modules()), ids=lambda p: str(p.relative_to(TRAINING)))
def test_imports_run_down_the_layers_without_private_names(path):
    mine = own_package(path)
    wrong = []
    for line, module, names in imports(path):
        theirs = package_of(module)
        if theirs is None or theirs == mine or {theirs, mine} <= CORE:
            continue
        if theirs not in RANK:  # `from training import x`: the name says which package
            theirs = names[0] if len(names) == 1 and names[0] in RANK else theirs
        if RANK.get(theirs, 99) >= RANK[mine]:
            wrong.append(
                f"line {line}: {mine} (layer {RANK[mine]}) imports {module} (layer {RANK.get(theirs)})"
            )
        wrong += [f"line {line}: private name {n} from {module}" for n in names if n.startswith("_")]
    assert wrong == []
