"""Request bodies, validated: sizes bounded, no control characters (a NUL would not even reach PostgreSQL)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_TEXT = 1000
MAX_VALUES = 50  # values of one property
MAX_QUERIES = 100  # queries of one /match request (yente's batch limit is of this order)
MAX_PARTIES = 100  # parties of one /check


#: Control characters other than tab, line feed and carriage return (a regular expression: every text of every
#: request is checked, and a scan in Python cost more than the rest of the validation).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _printable(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    return value


Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_printable)]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(_printable)]
LongText = Annotated[str, Field(max_length=4000), AfterValidator(_printable)]


class EntityExample(BaseModel):
    """One yente query: an entity by example (FollowTheMoney schema and properties)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    id: ShortText | None = None
    schema_: ShortText = Field(alias="schema")
    properties: dict[ShortText, Text | list[Text]] = Field(default_factory=dict, max_length=100)


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    queries: dict[ShortText, EntityExample] = Field(min_length=1, max_length=MAX_QUERIES)
    weights: dict[ShortText, float] = Field(default_factory=dict, max_length=100)  # accepted for compatibility; see README
    config: dict[ShortText, Any] = Field(default_factory=dict, max_length=100)  # accepted for compatibility


class MatchParams(BaseModel):
    """The query parameters of ``POST /match/{dataset}`` (yente's), validated in one step."""

    model_config = ConfigDict(extra="ignore")

    threshold: float | None = Field(None, ge=0.0, le=1.0, description="Sets `match` at this score; partyscreen's decision keeps the server's thresholds")
    cutoff: float | None = Field(None, ge=0.0, le=1.0, description="Drop results scoring below this")
    limit: int = Field(5, ge=1, le=100)
    algorithm: str | None = Field(None, max_length=100)
    include_dataset: list[str] = Field(default_factory=list, max_length=50)
    exclude_dataset: list[str] = Field(default_factory=list, max_length=50)
    exclude_entity_ids: list[str] = Field(default_factory=list, max_length=50)
    exclude_schema: list[str] = Field(default_factory=list, max_length=50)


class Party(BaseModel):
    """A party as the command line's ``screen`` and batch columns describe it."""

    model_config = ConfigDict(extra="forbid")

    name: Text = Field(min_length=1)
    schema_: ShortText = Field("", alias="schema")
    country: list[ShortText] = Field(default_factory=list, max_length=MAX_VALUES)
    birth_date: list[ShortText] = Field(default_factory=list, max_length=MAX_VALUES)
    address: Text = ""
    id: ShortText = ""


class ScreenRequest(Party):
    limit: int = Field(10, ge=1, le=100)
    as_of: ShortText | None = None
    book: bool = False  # add the party to the counterparty book (needs its id), as `screen --book`


class CheckParty(Party):
    role: ShortText = ""


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    parties: list[CheckParty] = Field(min_length=1, max_length=MAX_PARTIES)
    item: ShortText = Field(min_length=1)
    destination: ShortText = Field(min_length=1)
    end_use: ShortText | None = None
    as_of: ShortText | None = None
    limit: int = Field(10, ge=1, le=100)


class DecisionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: ShortText  # true_match, false_positive, escalate
    reason: LongText
    #: The state the reviewer saw; a decision on an alert that moved on since is refused with 409.
    expected_state: ShortText | None = None


class ReasonRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: LongText | None = None
    expected_state: ShortText | None = None


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: ShortText
    name: ShortText | None = None
    expires_in_days: float | None = Field(None, gt=0, le=3660)
