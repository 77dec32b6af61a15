"""Which modules of this installation run compiled, and whether a compiled build is stale.

``setup.py`` compiles the hot path of matching (name analysis and pair scoring)
to C extensions with mypyc.  Python imports an extension before the ``.py``
file beside it, so after a source file is edited the old build keeps running
until the package is built again (``make native``).  The test suite refuses to
run on such a build (``tests/conftest.py``), and
``tests/test_native.py`` checks that the compiled modules give exactly the
Python source's results.
"""

from __future__ import annotations

import importlib.machinery
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _extension_files() -> list[Path]:
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return sorted(p for p in _PACKAGE.rglob("*") if p.name.endswith(suffixes))


def _module_name(extension: Path) -> str:
    source = _source_of(extension).relative_to(_PACKAGE.parent)
    return ".".join([*source.parent.parts, source.stem])


def _source_of(extension: Path) -> Path:
    """``names.py`` beside ``names.cpython-311-x86_64-linux-gnu.so``."""
    return extension.with_name(extension.name.split(".", 1)[0] + ".py")


def compiled_modules() -> list[str]:
    """Dotted names of the modules that have a compiled build beside their source."""
    return [_module_name(p) for p in _extension_files() if _source_of(p).exists()]


def stale_modules() -> list[str]:
    """Compiled modules whose source was changed after they were built."""
    return [
        _module_name(p)
        for p in _extension_files()
        if _source_of(p).exists() and _source_of(p).stat().st_mtime > p.stat().st_mtime
    ]
