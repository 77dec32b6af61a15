"""Compiles the name-analysis and scoring modules to C with mypyc.

Everything else about the package is in pyproject.toml.  The modules below are
plain, type-annotated Python; mypyc turns them into C extensions that run the
same code about twice as fast (bench/run_matching.py).  The Python files stay the
reference: ``tests/test_native.py`` checks that the compiled build scores and
explains real list names exactly as the Python source does.

It also builds the hand-written C extensions of ``C_EXTENSIONS``, native twins of
rules whose Python stays the reference, tested the same way.

Set ``PARTYSCREEN_PURE_PYTHON=1`` to install without compiling (no C compiler
needed; the same results, slower).
"""

from __future__ import annotations

import os

from setuptools import setup

# The hot path of screening: analysing a name and scoring a pair, and the index's
# cards, which loading a stored index builds by the ten thousand.  The Makefile
# reads this list (one path a line) to rebuild when one of them changes.
COMPILED_MODULES = [
    "partyscreen/normalize/chinese.py",
    "partyscreen/normalize/countries.py",
    "partyscreen/normalize/legal_forms.py",
    "partyscreen/normalize/names.py",
    "partyscreen/normalize/persons.py",
    "partyscreen/normalize/spelling.py",
    "partyscreen/normalize/text.py",
    "partyscreen/normalize/transliterate.py",
    "partyscreen/normalize/vocabulary.py",
    "partyscreen/normalize/wade_giles.py",
    "partyscreen/match/algorithm.py",
    "partyscreen/match/card.py",
    "partyscreen/match/features.py",
    "partyscreen/match/forms.py",
    "partyscreen/match/pairs.py",
    "partyscreen/match/regions.py",
    "partyscreen/match/weights.py",
]

# Hand-written C extensions (module path and name from the file's): each the native
# twin of rules whose Python stays the reference and runs where they are not built.
# ``_similarity.c`` is features.py's word rules (tests/match/test_similarity.py); ``_text.c``
# text.py's tokenizer and spelling.py's canonical_spelling (tests/normalize/test_text_native.py);
# ``_legal_forms.c`` legal_forms.py's split_legal_forms (tests/normalize/test_legal_forms_native.py).
# The Makefile reads this list too.
C_EXTENSIONS = [
    "partyscreen/match/_similarity.c",
    "partyscreen/normalize/_legal_forms.c",
    "partyscreen/normalize/_text.c",
]


def _extensions() -> list:  # type: ignore[type-arg]
    if os.environ.get("PARTYSCREEN_PURE_PYTHON") == "1":
        return []
    from mypyc.build import mypycify
    from setuptools import Extension

    compiled = mypycify([f"src/{path}" for path in COMPILED_MODULES], opt_level="3", debug_level="0", group_name="partyscreen_native")
    return compiled + [Extension(path.removesuffix(".c").replace("/", "."), [f"src/{path}"]) for path in C_EXTENSIONS]


setup(ext_modules=_extensions())
