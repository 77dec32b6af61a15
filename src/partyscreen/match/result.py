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
    #: For a hit found through the relationship graph: the steps from the queried party to the listed one.
    path: list[dict[str, Any]] = field(default_factory=list)
    #: For a party in the counterparty book: the state of its alert on this entry ("false_positive"
    #: when a reviewer's decision is remembered for exactly this data), and the alert's id.
    disposition: str = ""
    alert_id: int | None = None

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
        if self.path:
            data["path"] = self.path
        if self.disposition:
            data["disposition"] = self.disposition
            data["alert_id"] = self.alert_id
        return data


@dataclass
class ScreenResult:
    id: str
    input: dict[str, str]
    hits: list[Hit]
    algorithm: str = ""

    @property
    def decision(self) -> str:
        # A remembered false positive is shown but no longer raises the decision.
        return most_severe(h.decision for h in self.hits if h.disposition != "false_positive")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "input": self.input,
            "decision": self.decision,
            "hits": [h.to_json() for h in self.hits],
            "algorithm": self.algorithm,
        }
