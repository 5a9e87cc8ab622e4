"""The layers of the `portaal` package, enforced: core <- site <- cli.

core/ imports nothing from site/ or cli/, and no MkDocs, Material, Jinja or click; site/
imports nothing from cli/. The imports are read with `ast`, so an import inside a function
counts too. `python -m tests.test_layers` prints the graph (module -> portaal modules it imports).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "hooks" / "portaal"
LAYERS = ("core", "site", "cli")
"""Lowest first: a layer may import the layers before it, never one after it."""
THIRD_PARTY_BELOW = {
    "core": ("mkdocs", "material", "mkdocs_macros", "jinja2", "click", "properdocs"),
    "site": ("click",),
    "cli": (),
}
"""Libraries a layer must not import: the core runs without a site build or a command line."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports (absolute names; `from . import x` gives `portaal.<layer>.x`)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            submodules = [f"{module}.{alias.name}" for alias in node.names
                          if (PACKAGE.parent / Path(*module.split(".")) / f"{alias.name}.py").exists()]
            # `from ..core import catalog` imports the module portaal.core.catalog, not just the package
            found.update(submodules if len(submodules) == len(node.names) else [module, *submodules])
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "portaal" and parts[1] in LAYERS else None


def violations(path: Path) -> list[str]:
    """What `path` imports against the layering, in words."""
    name = module_name(path)
    own = layer_of(name)
    if own is None:
        return []
    higher = LAYERS[LAYERS.index(own) + 1 :]
    found = []
    for imported in sorted(imports_of(path)):
        if layer_of(imported) in higher:
            found.append(f"{name} imports {imported} (a higher layer)")
        if imported.split(".")[0] in THIRD_PARTY_BELOW[own]:
            found.append(f"{name} imports {imported} (not allowed in {own}/)")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda path: module_name(path))
def test_no_module_imports_a_higher_layer_or_a_forbidden_library(path: Path) -> None:
    assert violations(path) == []


def test_every_module_is_in_a_layer() -> None:
    """No flat modules any more: only the package's own __init__ sits outside the layers."""
    outside = [module_name(p) for p in modules() if layer_of(module_name(p)) is None]
    assert outside == ["portaal"]


@pytest.mark.parametrize(("source", "expected"), [
    # the core reaching up to the site: the case the test exists for
    ("from ..site import pages\n", ["portaal.core.probe imports portaal.site.pages (a higher layer)"]),
    # an import inside a function counts as well
    ("def f():\n    from ..cli.main import portaal\n",
     ["portaal.core.probe imports portaal.cli.main (a higher layer)"]),
    # MkDocs in the core
    ("import mkdocs.plugins\n", ["portaal.core.probe imports mkdocs.plugins (not allowed in core/)"]),
    # within the core: fine
    ("from . import catalog\nfrom .model import Policy\n", []),
])
def test_the_layer_check_catches_what_it_should(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                source: str, expected: list[str]) -> None:
    package = tmp_path / "portaal"
    (package / "core").mkdir(parents=True)
    (package / "site").mkdir()
    for module in ("core/catalog.py", "site/pages.py"):
        (package / module).write_text("", encoding="utf-8")
    probe = package / "core" / "probe.py"
    probe.write_text(source, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    assert violations(probe) == expected


def main() -> None:
    for path in modules():
        name = module_name(path)
        own = sorted(m.removeprefix("portaal.") for m in imports_of(path)
                     if m.startswith("portaal.") and m != name
                     and (PACKAGE.parent / Path(*m.split("."))).with_suffix(".py").exists())
        print(f"{name.removeprefix('portaal.') or 'portaal'} -> {', '.join(own)}")


if __name__ == "__main__":
    main()
