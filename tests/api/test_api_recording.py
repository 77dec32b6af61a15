"""The service's group commits of the audit trail: every request's record committed before it returns, one
transaction for requests that arrive together, a failing item failing only its own request."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import func, select

from partyscreen.api.recording import GroupRecorder
from partyscreen.api.service import Service, ServiceConfig
from partyscreen.cases.audit import verify
from partyscreen.cases.recording import ScreeningRecorder
from partyscreen.match.query import Query
from partyscreen.store import schema as t


@pytest.fixture(scope="module")
def service(sample_db: str, tmp_path_factory: pytest.TempPathFactory) -> Service:
    return Service(ServiceConfig(db=sample_db, jobs_dir=tmp_path_factory.mktemp("jobs")))


def _count(service: Service, source: str) -> int:
    like = f'%"source":"{source}"%'
    with service.store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.audit_record).where(t.audit_record.c.payload.like(like))).scalar_one())


class CountingRecorder(ScreeningRecorder):
    """The real recorder, counting its transactions; refuses the queries named ``refused`` (a fault, injected)."""

    transactions = 0
    refused = "refused by the test"

    def __call__(self, items):  # type: ignore[no-untyped-def]
        type(self).transactions += 1
        if any(query.name == self.refused for query, _ in items):
            raise RuntimeError("this item cannot be recorded")
        super().__call__(items)


def _items(service: Service, name: str):  # type: ignore[no-untyped-def]
    query = Query(name=name)
    return [(query, service.screener().screen(query, limit=5))]


def test_requests_arriving_together_share_one_commit_and_return_after_it(service: Service) -> None:
    source = f"test-group-{uuid.uuid4().hex[:8]}"
    recorder = CountingRecorder(service.store, service.screener(), "tester", source=source)
    group = GroupRecorder(linger=0.05)
    seen_after_return: list[int] = []

    async def one(name: str) -> None:
        await group.record_async(recorder, _items(service, name))
        seen_after_return.append(_count(service, source))

    async def run() -> None:
        await asyncio.gather(*(one(f"Party {i}") for i in range(12)))

    CountingRecorder.transactions = 0
    asyncio.run(asyncio.wait_for(run(), timeout=60))
    assert _count(service, source) == 12
    assert min(seen_after_return) == 12, "a request returned before its group was committed"
    assert CountingRecorder.transactions == 1


def test_a_failing_item_fails_its_own_request_only(service: Service) -> None:
    source = f"test-fail-{uuid.uuid4().hex[:8]}"
    recorder = CountingRecorder(service.store, service.screener(), "tester", source=source)
    group = GroupRecorder(linger=0.05)

    async def run() -> list[BaseException | None]:
        names = ["Good One", CountingRecorder.refused, "Good Two"]
        outcomes = await asyncio.gather(*(group.record_async(recorder, _items(service, n)) for n in names), return_exceptions=True)
        return list(outcomes)

    outcomes = asyncio.run(asyncio.wait_for(run(), timeout=60))
    assert outcomes[0] is None and outcomes[2] is None
    assert isinstance(outcomes[1], RuntimeError)
    assert _count(service, source) == 2
    assert verify(service.store.engine).ok


def test_groups_keep_gathering_while_one_is_written(service: Service) -> None:
    # More requests than one group takes: several transactions, every record written once, the chain intact.
    source = f"test-many-{uuid.uuid4().hex[:8]}"
    recorder = ScreeningRecorder(service.store, service.screener(), "tester", source=source)
    group = GroupRecorder(linger=0.001, max_group=7)

    async def run() -> None:
        await asyncio.gather(*(group.record_async(recorder, _items(service, f"Many {i}")) for i in range(40)))

    asyncio.run(asyncio.wait_for(run(), timeout=120))
    assert _count(service, source) == 40
    assert verify(service.store.engine).ok


def test_record_from_a_thread(service: Service) -> None:
    source = f"test-sync-{uuid.uuid4().hex[:8]}"
    GroupRecorder().record(ScreeningRecorder(service.store, service.screener(), "tester", source=source), _items(service, "Sync Party"))
    assert _count(service, source) == 1


def test_sqlite_commits_of_the_service_are_synced(service: Service) -> None:
    if service.store.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL syncs at commit by its own settings")
    with service.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
