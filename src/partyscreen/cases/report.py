"""Printable evidence: one party's screening record, and the audit trail export for an auditor.

Plain HTML (no script, no external resource) from Jinja2 templates with
autoescaping on, so a party or list name can never become markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import func, select

from partyscreen.cases import alerts, audit, book
from partyscreen.cases.audit import AuditRecord, Verification
from partyscreen.cases.settings import WorkflowSettings
from partyscreen.sources.freshness import freshness
from partyscreen.store import Store
from partyscreen.store import schema as t


def _environment() -> Environment:
    return Environment(loader=PackageLoader("partyscreen.cases", "templates"), autoescape=select_autoescape(default=True))


class ReportError(LookupError):
    """Nothing to report on (an unknown party)."""


@dataclass
class _Screening:
    seq: int
    recorded_at: str
    actor: str
    data: dict[str, Any]


def party_report(store: Store, party_id: str, actor: str, settings: WorkflowSettings, output: Path, now: datetime) -> None:
    """Write the printable screening record of one party to ``output``."""
    with store.engine.connect() as conn:
        party = book.get(conn, party_id)
        if party is None:
            raise ReportError(f"no party {party_id!r} in the book; `partyscreen parties` lists them")
        party_alerts = [{"alert": a, "events": alerts.events(conn, a.id)} for a in alerts.list_alerts(conn, party_id=party_id)]
        records = audit.party_records(conn, party_id)
        current = audit.head(conn)
    screenings = [
        _Screening(r.seq, r.recorded_at, r.actor, r.data()) for r in records if r.kind == "screening"
    ]
    html = _environment().get_template("party_report.html").render(
        party=party, alerts=party_alerts, screenings=list(reversed(screenings)),
        freshness=freshness(store, settings.max_age_days, now), generated_at=audit.stamp(now), generated_by=actor,
        database=store.url, anchor=f"{current.seq}:{current.hash}",
    )
    output.write_text(html, encoding="utf-8")


def summary_line(record: AuditRecord) -> str:
    """One line a person can read for an audit record."""
    data = record.data()
    kind = record.kind
    if kind == "screening":
        hits = data.get("hits", [])
        top = f"; top hit {hits[0]['list']} {hits[0]['name']} ({hits[0]['score']:.2f})" if hits else ""
        return f"screened “{data.get('input', {}).get('name', '')}” via {data.get('source', '')}: {data.get('decision', '')}, {len(hits)} hits{top}"
    if kind == "alert":
        return f"alert {data.get('alert_id')}: {data.get('action')} {data.get('from') or '—'} → {data.get('to')}: {data.get('reason', '')}"
    if kind == "party":
        return f"party {data.get('action')}: {data.get('party', {}).get('name', '')}"
    if kind == "list_update":
        return f"list update {data.get('source')}: {data.get('status')}: {data.get('message', '')}"
    if kind == "monitor":
        feeds = ", ".join(f"{f['feed']} +{f['added']} ~{f['changed']} -{f['removed']}" for f in data.get("feeds", []))
        return f"monitor: {feeds}; {len(data.get('alerts_opened', []))} alerts opened, {len(data.get('alerts_closed', []))} closed"
    if kind == "check":
        return f"transaction check: {data.get('item', '')} to {data.get('destination', '')}: {data.get('decision', '')}, {len(data.get('parties', []))} parties"
    if kind == "purge":
        return f"purge of {data.get('deleted')} records through {data.get('through_seq')} (retention {data.get('retention_years')} years)"
    return json.dumps(data, ensure_ascii=False)[:300]


def export_audit(
    store: Store, start: datetime | None, end: datetime | None, actor: str, settings: WorkflowSettings, now: datetime,
    *, jsonl: Path | None = None, html: Path | None = None,
) -> tuple[int, Verification]:
    """Write the records of ``[start, end)`` as JSON lines and/or an HTML report; returns how many and the verification."""
    verification = audit.verify(store.engine)
    written = 0
    with store.engine.connect() as conn:
        current = audit.head(conn)
        if jsonl is not None:
            with jsonl.open("w", encoding="utf-8") as fh:
                for record in audit.records_between(conn, start, end):
                    fh.write(json.dumps(record.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
                    written += 1
        if html is not None:
            counts = _counts(conn, start, end)
            written = written or sum(counts.values())
            rows = _rows(audit.records_between(conn, start, end))
            stream = _environment().get_template("audit_export.html").generate(
                start=audit.stamp(start) if start else "the beginning", end=audit.stamp(end) if end else "now",
                generated_at=audit.stamp(now), generated_by=actor, database=store.url, verification=verification,
                anchor=f"{current.seq}:{current.hash}", counts=counts, records=rows,
                retention_years=settings.audit.retention_years,
            )
            with html.open("w", encoding="utf-8") as fh:
                for chunk in stream:
                    fh.write(chunk)
    return written, verification


def _rows(records: Iterator[AuditRecord]) -> Iterator[dict[str, Any]]:
    for record in records:
        yield {"seq": record.seq, "recorded_at": record.recorded_at, "actor": record.actor, "kind": record.kind,
               "party_id": record.party_id, "summary": summary_line(record)}


def _counts(conn, start: datetime | None, end: datetime | None) -> dict[str, int]:  # type: ignore[no-untyped-def]
    query = select(t.audit_record.c.kind, func.count()).group_by(t.audit_record.c.kind).order_by(t.audit_record.c.kind)
    if start is not None:
        query = query.where(t.audit_record.c.recorded_at >= audit.stamp(start))
    if end is not None:
        query = query.where(t.audit_record.c.recorded_at < audit.stamp(end))
    return {kind: n for kind, n in conn.execute(query)}
