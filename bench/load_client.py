"""An open-loop HTTP load generator: N keep-alive connections sending on a fixed schedule.

Request k is due at ``start + k / rate``, on connection ``k mod N``; its latency is counted from when it
was due, not from when it could be sent, so a server that falls behind shows it in the latency instead of
silently slowing the clients down (no coordinated omission).  Plain HTTP/1.1 on asyncio streams, so the
client costs little of the machine it shares with the server.

    python bench/load_client.py --url http://127.0.0.1:8000/match/default --token T --bodies B.jsonl --rate 300 --connections 50 --duration 30

prints one JSON object: sent, answered, statuses, errors, latencies (ms) p50/p90/p99/p99.9/max, achieved rate, and
the client's own CPU time (it shares the cores with the server: the figure shows how little it takes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from urllib.parse import urlsplit


async def _connection(host: str, port: int, head: bytes, bodies: list[bytes], start: float, rate: float, index: int, count: int,
                      total: int, latencies: list[float], statuses: dict[int, int], errors: list[str]) -> None:
    loop = asyncio.get_running_loop()
    reader = writer = None
    for k in range(index, total, count):
        due = start + k / rate
        wait = due - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        body = bodies[k % len(bodies)]
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(head % len(body) + body)
            status_line = await reader.readline()  # type: ignore[union-attr]
            status = int(status_line.split()[1])
            length = 0
            while True:
                line = await reader.readline()  # type: ignore[union-attr]
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)  # type: ignore[union-attr]
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        latencies.append(loop.time() - due)
        statuses[status] = statuses.get(status, 0) + 1
    if writer is not None:
        writer.close()


async def run(url: str, token: str, bodies: list[bytes], rate: float, connections: int, duration: float) -> dict:
    parts = urlsplit(url)
    head_template = (f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
                     f"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n").encode()
    total = int(rate * duration)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.5
    began, cpu_began = time.perf_counter(), time.process_time()
    await asyncio.gather(*(_connection(parts.hostname or "127.0.0.1", parts.port or 80, head_template, bodies, start, rate, i, connections,
                                       total, latencies, statuses, errors) for i in range(connections)))
    elapsed = time.perf_counter() - began - 0.5
    cpu = time.process_time() - cpu_began
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000, 2) if ordered else float("nan")

    return {
        "offered_rate": rate, "connections": connections, "sent": total, "answered": len(latencies), "seconds": round(elapsed, 2),
        "achieved_rate": round(len(latencies) / elapsed, 1), "statuses": statuses, "errors": len(errors), "error_samples": errors[:5],
        "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "p999_ms": pct(99.9), "max_ms": round(ordered[-1] * 1000, 2) if ordered else None,
        "client_cpu_s": round(cpu, 3), "client_cpu_ms_per_request": round(1000 * cpu / max(1, total), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--bodies", required=True, help="JSON lines, one request body each (cycled)")
    parser.add_argument("--rate", type=float, default=300.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    args = parser.parse_args(argv)
    with open(args.bodies, "rb") as fh:
        bodies = [line.rstrip(b"\n") for line in fh if line.strip()]
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    result = asyncio.run(run(args.url, args.token, bodies, args.rate, args.connections, args.duration))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
