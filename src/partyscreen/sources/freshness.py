"""How old each list in force is, and whether a feed has gone stale.

A feed is *confirmed* current when its version was imported, or when
``lists update`` last found every file of its source unchanged at the
publisher.  It is stale when that was longer ago than ``[lists] max_age_days``
(default 7): the screening results still stand, but they may miss listings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from partyscreen.store import Store
from partyscreen.store import schema as t


@dataclass(frozen=True)
class Freshness:
    feed: str
    version: int
    imported_at: datetime
    confirmed_at: datetime
    age_days: float  # since the version was imported
    unconfirmed_days: float  # since the feed was last confirmed current
    stale: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "feed": self.feed, "version": self.version, "imported_at": self.imported_at.isoformat(),
            "confirmed_at": self.confirmed_at.isoformat(), "age_days": round(self.age_days, 2),
            "unconfirmed_days": round(self.unconfirmed_days, 2), "stale": self.stale,
        }

    def warning(self) -> str:
        return (
            f"{self.feed}: version {self.version} was last confirmed current {self.unconfirmed_days:.1f} days ago "
            f"(imported {self.age_days:.1f} days ago); run `partyscreen lists update`"
        )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def freshness(store: Store, max_age_days: float, now: datetime | None = None) -> list[Freshness]:
    now = now or datetime.now(UTC)
    with store.engine.connect() as conn:
        # A source's files are checked together; its oldest check is when the whole feed was last confirmed.
        checked = {
            feed: _aware(at)
            for feed, at in conn.execute(select(t.list_fetch.c.feed, func.min(t.list_fetch.c.checked_at)).group_by(t.list_fetch.c.feed))
            if at is not None
        }
    out = []
    for v in store.current_versions():
        imported = _aware(v.imported_at)
        confirmed = max(imported, checked.get(v.feed, imported))
        age = (now - imported).total_seconds() / 86400
        unconfirmed = (now - confirmed).total_seconds() / 86400
        out.append(Freshness(v.feed, v.seq, imported, confirmed, age, unconfirmed, unconfirmed > max_age_days))
    return out
