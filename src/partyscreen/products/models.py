"""Model numbers: normalised, split into family and generation, compared.

"Inspur IR5280M6", "NF5280M6" and "Aivres 5280M6" are one design: case,
separators and the brand prefixes makers put before the number (IR, NF, KR,
...) are removed, leaving ``5280M6`` = family ``5280`` + generation ``M6``.
A prefix is only removed when it is a known brand prefix, so Dell's "R750"
keeps its R: it is part of the family name there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Letter prefixes that name a brand or a market, not the design (Inspur IR/NF/NP/NE/SA, Aivres KR).
BRAND_PREFIXES = ("IR", "NF", "NP", "NE", "SA", "KR")
_SEPARATORS = re.compile(r"[\s\-_/.]+")
_SHAPE = re.compile(r"^([A-Z]*)(\d+)([A-Z]*\d*)([A-Z0-9]*)$")


@dataclass(frozen=True)
class ModelKey:
    raw: str
    key: str  # normalised, brand prefix removed: "5280M6"
    prefix: str  # the brand prefix removed, "" if none
    family: str  # "5280" (letters kept when not a brand prefix: "R750")
    generation: str  # "M6", "X2", "" when none


def model_key(text: str) -> ModelKey:
    # Series names without digits ("PowerEdge R750") are marketing: the number identifies the design.
    words = (text or "").upper().split()
    numbered = [w for w in words if any(ch.isdigit() for ch in w)]
    compact = _SEPARATORS.sub("", " ".join(numbered or words))
    compact = "".join(ch for ch in compact if ch.isalnum())
    prefix = ""
    for candidate in BRAND_PREFIXES:
        if compact.startswith(candidate) and compact[len(candidate):][:1].isdigit():
            prefix, compact = candidate, compact[len(candidate):]
            break
    match = _SHAPE.match(compact)
    if match:
        family = match.group(1) + match.group(2)
        generation = match.group(3) + match.group(4)
    else:
        family, generation = compact, ""
    return ModelKey(text, compact, prefix, family, generation)


def compare_models(a: ModelKey, b: ModelKey) -> tuple[float, str]:
    """``(score, evidence)``: 1.0 same design, 0.6 same family of another generation, 0.0 unrelated."""
    if not a.key or not b.key:
        return 0.0, ""
    if a.key == b.key:
        removed = " and ".join(f"prefix {k.prefix!r} of {k.raw!r}" for k in (a, b) if k.prefix)
        how = f" once the brand {removed} is removed" if removed else ""
        return 1.0, f"same model designation {a.key}{how}"
    if a.family == b.family and len(a.family) >= 3:
        return 0.6, f"same model family {a.family} (generation {a.generation or '-'} vs {b.generation or '-'})"
    return 0.0, ""
