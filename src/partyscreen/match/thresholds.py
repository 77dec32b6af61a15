"""Match and review thresholds, configurable per list and schema."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_ENV = "PARTYSCREEN_CONFIG"


@dataclass(frozen=True)
class Thresholds:
    """``match``: a hit at or above it is a match.  ``review``: below it a hit is not returned.

    Overrides are keyed ``"LIST"``, ``"LIST/Schema"`` or ``"*/Schema"``; the most
    specific wins.  Example TOML::

        [thresholds]
        match = 0.70
        review = 0.55
        [thresholds.overrides."SDN/Person"]
        match = 0.75
    """

    match: float = 0.70
    review: float = 0.55
    overrides: dict[str, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, (m, r) in {"default": (self.match, self.review), **self.overrides}.items():
            if not (0.0 <= r <= m <= 1.0):
                raise ValueError(f"thresholds {key}: need 0 <= review <= match <= 1, got review={r}, match={m}")

    def for_entry(self, list_code: str, schema: str) -> tuple[float, float]:
        for key in (f"{list_code}/{schema}", list_code, f"*/{schema}"):
            if key in self.overrides:
                return self.overrides[key]
        return self.match, self.review

    @property
    def floor(self) -> float:
        """The lowest review threshold anywhere: below it no hit is kept."""
        return min([self.review, *(r for _, r in self.overrides.values())])

    def to_json(self) -> dict[str, object]:
        return {"match": self.match, "review": self.review, "overrides": {k: list(v) for k, v in self.overrides.items()}}

    @classmethod
    def from_mapping(cls, data: dict) -> Thresholds:  # type: ignore[type-arg]
        overrides = {}
        for key, value in (data.get("overrides") or {}).items():
            overrides[key] = (float(value.get("match", data.get("match", 0.70))), float(value.get("review", data.get("review", 0.55))))
        return cls(float(data.get("match", 0.70)), float(data.get("review", 0.55)), overrides)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Thresholds:
        """From ``path``, else the file named by ``PARTYSCREEN_CONFIG``, else the defaults."""
        path = path or os.environ.get(CONFIG_ENV)
        if not path:
            return cls()
        file = Path(path)
        text = file.read_text(encoding="utf-8")
        data = json.loads(text) if file.suffix == ".json" else tomllib.loads(text)
        return cls.from_mapping(data.get("thresholds", data))
