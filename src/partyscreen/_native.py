"""Which modules of this installation run compiled, and whether a compiled build is stale.

``setup.py`` compiles the hot path of matching (name analysis and pair scoring)
to C extensions with mypyc, and builds hand-written C extensions from their
``.c`` files (``_similarity.c``, the native twin of features.py's word rules;
``_text.c``, of text.py's tokenizer and spelling.py's canonical_spelling;
``_legal_forms.c``, of legal_forms.py's split_legal_forms).
Python imports an extension before the ``.py`` file beside it, so after a
source file is edited the old build keeps running until the package is built
again (``make native``).  The test suite refuses to run on such a build
(``tests/conftest.py``), and ``tests/test_native.py`` checks that the compiled
modules give exactly the Python source's results.
"""

from __future__ import annotations

import importlib.machinery
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


#: What an extension is built from: a module mypyc compiled, from its Python; a hand-written one, from its C.
_SOURCE_SUFFIXES = (".py", ".c")


def _builds() -> list[tuple[Path, Path]]:
    """(extension, its source) of each extension beside its source."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    out = []
    for extension in sorted(p for p in _PACKAGE.rglob("*") if p.name.endswith(suffixes)):
        source = _source_of(extension)
        if source is not None:
            out.append((extension, source))
    return out


def _module_name(source: Path) -> str:
    relative = source.relative_to(_PACKAGE.parent)
    return ".".join([*relative.parent.parts, relative.stem])


def _source_of(extension: Path) -> Path | None:
    """``names.py`` beside ``names.cpython-311-x86_64-linux-gnu.so``, ``_similarity.c`` beside ``_similarity.cpython-...so``."""
    stem = extension.name.split(".", 1)[0]
    for suffix in _SOURCE_SUFFIXES:
        source = extension.with_name(stem + suffix)
        if source.exists():
            return source
    return None


def compiled_modules() -> list[str]:
    """Dotted names of the modules that have a compiled build beside their source."""
    return [_module_name(source) for _, source in _builds()]


def stale_modules() -> list[str]:
    """Compiled modules whose source was changed after they were built."""
    return [_module_name(source) for extension, source in _builds() if source.stat().st_mtime > extension.stat().st_mtime]
