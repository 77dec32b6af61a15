"""The audit trail on SQLite and PostgreSQL: the chain verifies, and direct database edits are found."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, text, update

from partyscreen.cases import audit
from partyscreen.cases.audit import Anchor, RetentionError, chain_hash
from partyscreen.cases.settings import SettingsError, WorkflowSettings
from partyscreen.store import Store
from partyscreen.store import schema as t


def _chain(db_url: str, n: int = 10) -> Store:
    store = Store.open(db_url)
    with store.engine.begin() as conn, audit.appending(conn, "alice") as chain:
        for i in range(1, n + 1):
            chain.append("screening", {"input": {"name": f"party {i}"}, "n": i}, party_id=f"p{i}")
    return store


def _row(store: Store, seq: int) -> dict:
    with store.engine.connect() as conn:
        return dict(conn.execute(select(t.audit_record).where(t.audit_record.c.seq == seq)).one()._mapping)


def test_chain_verifies_across_transactions(db_url: str) -> None:
    store = _chain(db_url, 5)
    audit.append(store.engine, "bob", "alert", {"alert_id": 1, "action": "decided"})
    result = audit.verify(store.engine)
    assert result.ok and result.records == 6 and (result.first_seq, result.last_seq) == (1, 6)
    with store.engine.connect() as conn:
        assert [r.actor for r in audit.records_between(conn)] == ["alice"] * 5 + ["bob"]
        assert audit.head(conn).hash == result.last_hash


def test_altered_record_is_found(db_url: str) -> None:
    store = _chain(db_url)
    with store.engine.begin() as conn:
        conn.execute(update(t.audit_record).where(t.audit_record.c.seq == 4).values(payload='{"input":{"name":"someone else"},"n":4}'))
    result = audit.verify(store.engine)
    assert not result.ok and result.problem_seq == 4 and "record 4 was altered" in result.problem


def test_altered_actor_is_found(db_url: str) -> None:
    store = _chain(db_url)
    with store.engine.begin() as conn:
        conn.execute(update(t.audit_record).where(t.audit_record.c.seq == 7).values(actor="mallory"))
    result = audit.verify(store.engine)
    assert result.problem_seq == 7 and "altered" in result.problem


def test_altered_and_rehashed_record_is_found_at_the_broken_link(db_url: str) -> None:
    store = _chain(db_url)
    row = _row(store, 3)
    payload = '{"input":{"name":"nobody"},"n":3}'
    digest = chain_hash(row["prev_hash"], 3, row["recorded_at"], row["actor"], row["kind"], row["party_id"], row["alert_id"], payload)
    with store.engine.begin() as conn:
        conn.execute(update(t.audit_record).where(t.audit_record.c.seq == 3).values(payload=payload, hash=digest))
    result = audit.verify(store.engine)
    assert result.problem_seq == 3 and "record 4 does not link to record 3" in result.problem


def test_deleted_record_is_found(db_url: str) -> None:
    store = _chain(db_url)
    with store.engine.begin() as conn:
        conn.execute(delete(t.audit_record).where(t.audit_record.c.seq == 5))
    result = audit.verify(store.engine)
    assert result.problem_seq == 5 and "records 5..5 were deleted" in result.problem


def test_deleted_and_renumbered_record_is_found(db_url: str) -> None:
    store = _chain(db_url)
    with store.engine.begin() as conn:
        conn.execute(delete(t.audit_record).where(t.audit_record.c.seq == 5))
        # Two steps: PostgreSQL checks the primary key row by row.
        conn.execute(update(t.audit_record).where(t.audit_record.c.seq > 5).values(seq=t.audit_record.c.seq + 1000))
        conn.execute(update(t.audit_record).where(t.audit_record.c.seq > 1000).values(seq=t.audit_record.c.seq - 1001))
    result = audit.verify(store.engine)
    assert result.problem_seq == 5 and "record 5 was deleted" in result.problem


def test_inserted_record_is_found(db_url: str) -> None:
    store = _chain(db_url)
    before = _row(store, 3)
    with store.engine.begin() as conn:
        conn.execute(update(t.audit_record).where(t.audit_record.c.seq > 3).values(seq=t.audit_record.c.seq + 1000))
        conn.execute(update(t.audit_record).where(t.audit_record.c.seq > 1000).values(seq=t.audit_record.c.seq - 999))
        payload = '{"input":{"name":"backdated"},"n":0}'
        at = before["recorded_at"]
        conn.execute(insert(t.audit_record).values(
            seq=4, recorded_at=at, actor="mallory", kind="screening", party_id="p0", alert_id=None, payload=payload,
            prev_hash=before["hash"], hash=chain_hash(before["hash"], 4, at, "mallory", "screening", "p0", None, payload),
        ))
        conn.execute(update(t.audit_head).values(seq=11))
    result = audit.verify(store.engine)
    assert result.problem_seq == 4 and "record 4 was inserted" in result.problem


def test_cut_off_tail_is_found_by_the_head_and_by_an_anchor(db_url: str) -> None:
    store = _chain(db_url)
    anchor = audit.take_anchor(store.engine)
    assert anchor.seq == 10
    with store.engine.begin() as conn:
        conn.execute(delete(t.audit_record).where(t.audit_record.c.seq > 8))
    result = audit.verify(store.engine)
    assert result.problem_seq == 9 and "deleted from the end" in result.problem
    # Whoever cut the tail also moved the head: only the anchor kept outside shows it.
    last = _row(store, 8)
    with store.engine.begin() as conn:
        conn.execute(update(t.audit_head).values(seq=8, hash=last["hash"]))
    assert audit.verify(store.engine).ok
    result = audit.verify(store.engine, [anchor])
    assert not result.ok and "cut off" in result.problem and result.problem_seq == 9


def test_recomputed_chain_is_found_by_an_anchor(db_url: str) -> None:
    store = _chain(db_url)
    anchor = audit.take_anchor(store.engine)
    with store.engine.begin() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(t.audit_record).order_by(t.audit_record.c.seq))]
        prev = audit.GENESIS
        for row in rows:
            if row["seq"] == 2:
                row["payload"] = '{"input":{"name":"rewritten"},"n":2}'
            row["prev_hash"] = prev
            row["hash"] = chain_hash(prev, row["seq"], row["recorded_at"], row["actor"], row["kind"], row["party_id"], row["alert_id"], row["payload"])
            prev = row["hash"]
            conn.execute(update(t.audit_record).where(t.audit_record.c.seq == row["seq"]).values(
                payload=row["payload"], prev_hash=row["prev_hash"], hash=row["hash"]))
        conn.execute(update(t.audit_head).values(hash=prev))
    assert audit.verify(store.engine).ok  # a recomputed chain is consistent in itself...
    result = audit.verify(store.engine, [anchor])
    assert not result.ok and result.problem_seq == 10 and "differs from its anchor" in result.problem


def test_anchor_file_and_parsing(tmp_path: Path, db_url: str) -> None:
    store = _chain(db_url, 3)
    file = tmp_path / "anchors" / "log.txt"
    first = audit.take_anchor(store.engine, file)
    audit.append(store.engine, "bob", "screening", {"n": 4})
    second = audit.take_anchor(store.engine, file)
    assert audit.read_anchor_file(file) == [first, second]
    assert Anchor.parse(str(second)) == second
    assert audit.verify(store.engine, audit.read_anchor_file(file)).anchors_checked == [first, second]
    with pytest.raises(ValueError):
        Anchor.parse("12:nothex")


def test_concurrent_writers_do_not_fork_the_chain(db_url: str, tmp_path: Path) -> None:
    """Two processes append at the same time; the chain stays one chain."""
    Store.open(db_url)
    script = textwrap.dedent(f"""
        import sys
        from partyscreen.cases import audit
        from partyscreen.store import Store
        store = Store.open({db_url!r})
        for i in range(40):
            with store.engine.begin() as conn, audit.appending(conn, sys.argv[1]) as chain:
                for j in range(3):
                    chain.append("screening", {{"writer": sys.argv[1], "i": i, "j": j}})
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, name]) for name in ("w1", "w2")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    store = Store.open(db_url)
    result = audit.verify(store.engine)
    assert result.ok, result.problem
    assert result.records == 240 and result.last_seq == 240
    with store.engine.connect() as conn:
        actors = [r.actor for r in audit.records_between(conn)]
    assert actors.count("w1") == actors.count("w2") == 120


def test_retention_refuses_young_records_and_purges_old_ones(db_url: str) -> None:
    store = Store.open(db_url)
    now = datetime.now(UTC)
    for years in (12, 11):
        audit.append(store.engine, "alice", "screening", {"age": years}, clock=lambda y=years: now - timedelta(days=365 * y + 3))
    for _ in range(3):
        audit.append(store.engine, "alice", "screening", {"age": 0})
    with pytest.raises(RetentionError):
        audit.purge(store.engine, "bob", now - timedelta(days=365 * 9), retention_years=10)
    with pytest.raises(RetentionError):
        audit.purge(store.engine, "bob", now, retention_years=5)
    done = audit.purge(store.engine, "bob", now - timedelta(days=365 * 10 + 5), retention_years=10)
    assert (done.deleted, done.through_seq) == (2, 2)
    result = audit.verify(store.engine)
    assert result.ok and result.first_seq == 3 and result.records == 4  # 3 young records and the purge record
    with store.engine.connect() as conn:
        kinds = [r.kind for r in audit.records_between(conn)]
    assert kinds[-1] == "purge"
    # Deleting from the start by hand and moving the chain's start is found: no purge record explains it.
    with store.engine.begin() as conn:
        third = conn.execute(select(t.audit_record.c.hash).where(t.audit_record.c.seq == 3)).scalar_one()
        conn.execute(delete(t.audit_record).where(t.audit_record.c.seq == 3))
        conn.execute(update(t.audit_head).values(base_seq=3, base_hash=third))
    result = audit.verify(store.engine)
    assert not result.ok and "no purge record explains" in result.problem


def test_retention_setting_cannot_go_below_five_years() -> None:
    assert WorkflowSettings().audit.retention_years == 10
    assert WorkflowSettings.from_mapping({"audit": {"retention_years": 7}}).audit.retention_years == 7
    with pytest.raises(SettingsError):
        WorkflowSettings.from_mapping({"audit": {"retention_years": 1}})


def test_head_row_exists_after_migration(db_url: str) -> None:
    store = Store.open(db_url)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT seq, hash FROM audit_head")).all() == [(0, audit.GENESIS)]
