"""A fingerprint of the code and libraries that decide how names are analysed and indexed.

Anything stored that holds analysed names (the candidate index, the book's cached
words) is keyed by it, so a change to normalisation or indexing rebuilds it instead
of silently comparing names analysed two different ways.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

#: Libraries whose output is part of a name's analysis.
_LIBRARIES = ("rigour", "anyascii", "rapidfuzz", "numpy", "pypinyin")


@lru_cache(maxsize=1)
def analysis_fingerprint() -> str:
    import partyscreen.match.index as index_module
    import partyscreen.normalize as normalize_package

    digest = hashlib.sha256()
    # Source files only: the compiled build of a module (setup.py) runs the same
    # source, and its binary differs from machine to machine.
    files = sorted(p for p in Path(normalize_package.__file__).parent.rglob("*.py") if "__pycache__" not in p.parts)
    match_dir = Path(index_module.__file__).parent
    # The index reads the place words too: a parenthesis naming a place is no alias.
    for path in [*files, *(match_dir / name for name in ("index.py", "card.py", "forms.py", "regions.py", "data/regions.txt"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()[:32]
