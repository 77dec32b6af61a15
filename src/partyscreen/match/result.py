"""Screening results in the one shape the CLI, batch files and the API share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partyscreen.decide.levels import most_severe


@dataclass
class Hit:
    entity_id: str
    list: str
    name: str  # the listed entry's primary name
    matched_name: str  # the name of the entry that matched
    score: float
    match: bool
    decision: str
    explanation: str
    schema: str = ""
    features: dict[str, float] = field(default_factory=dict)
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "entity_id": self.entity_id,
            "list": self.list,
            "name": self.name,
            "matched_name": self.matched_name,
            "score": round(self.score, 4),
            "match": self.match,
            "decision": self.decision,
            "explanation": self.explanation,
        }
        if self.reasons:
            data["reasons"] = self.reasons
        return data


@dataclass
class ScreenResult:
    id: str
    input: dict[str, str]
    hits: list[Hit]
    algorithm: str = ""

    @property
    def decision(self) -> str:
        return most_severe(h.decision for h in self.hits)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "input": self.input,
            "decision": self.decision,
            "hits": [h.to_json() for h in self.hits],
            "algorithm": self.algorithm,
        }
