#!/usr/bin/env python3
"""Benchmarks `logbook serve` side by side with what it is measured against, on this machine:

1. 64 concurrent clients each appending single durable events (wrk, scripts/bench/append-one.lua):
   events/s and latency p50/p99 (target: 40k events/s; a sync per event alone runs at 10-20k/s).
2. Batches of 1,000 events over HTTP (curl --parallel, 4 connections) against `logbook ingest` of
   the same JSONL file, three of each alternating per run (target: 0.8x ingest's events/s).
3. 100 SSE subscribers following a live ingest: how far behind the slowest one falls
   (target: under 1 s).

Each measurement runs --runs times on a fresh store; the table gives medians and ranges.
Usage: scripts/bench-server.py [--runs 3] [--sessions 3000] [--logbook PATH]
Needs wrk and curl (Debian: apt-get install wrk curl) and httpx (scripts/python-env.sh installs it).
"""

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


class Server:
    def __init__(self, logbook: str, store: Path):
        self.logbook, self.store = logbook, store
        token = subprocess.run([logbook, "token", "create", "--scope", "write", "--store", str(store)],
                               check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        self.token = token
        self.process = subprocess.Popen([logbook, "serve", "--listen", "127.0.0.1:0", "--store", str(store)],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://[\d.]+:(\d+)", line)
        if not match:
            raise SystemExit(f"logbook serve did not start: {line!r}")
        self.url = f"http://127.0.0.1:{match.group(1)}"
        self.headers = {"Authorization": f"Bearer {token}"}

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


def single_events(logbook, seconds):
    with tempfile.TemporaryDirectory() as directory:
        server = Server(logbook, Path(directory) / "store")
        try:
            out = subprocess.run(
                ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", "-s", str(REPO / "scripts/bench/append-one.lua"), server.url],
                check=True, capture_output=True, text=True, env={**os.environ, "LOGBOOK_TOKEN": server.token}).stdout
        finally:
            server.stop()
    if "Non-2xx" in out:
        raise SystemExit("wrk saw error responses:\n" + out)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(percent):
        value, unit = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return {"events_per_s": rate, "p50_ms": latency(50), "p99_ms": latency(99)}


def batches(logbook, workload: Path, batch_size=1000, connections=4, pairs=3):
    """The workload in batches over `connections` connections, sent by curl (`--parallel`): a
    load generator in C takes a sixth of the CPU that httpx threads took on these two cores.
    `logbook ingest` of the same file and the batches over HTTP alternate `pairs` times, each on
    a fresh store, and the ratio is of their medians: one ingest of a few tenths of a second
    moved by up to 60% from run to run on this machine."""
    ingest, http = [], []
    for _ in range(pairs):
        ingest.append(ingest_rate(logbook, workload))
        http.append(http_batches_rate(logbook, workload, batch_size, connections))
    ingest_median, http_median = statistics.median(ingest), statistics.median(http)
    return {"http_events_per_s": http_median, "ingest_events_per_s": ingest_median, "ratio": http_median / ingest_median}


def ingest_rate(logbook, workload: Path):
    """The events/s `logbook ingest` reports: its appends, from the first to the last durable
    one, as the HTTP side is timed from its first request to its last answer. The process's
    wall time would add its start and its close, which waits for a rolled segment's seal
    (0.3 s of 0.8 s for the 3,000-session workload), while the server seals after answering."""
    with tempfile.TemporaryDirectory() as directory:
        out = subprocess.run([logbook, "ingest", str(workload), "--store", str(Path(directory) / "ingest")],
                             check=True, capture_output=True, text=True)
    match = re.search(r"Ingested \d+ events .* ([\d.]+) events/s", out.stdout + out.stderr)
    if not match:
        raise SystemExit(f"logbook ingest did not report its rate: {out.stdout!r} {out.stderr!r}")
    return float(match.group(1))


def http_batches_rate(logbook, workload: Path, batch_size, connections):
    lines = workload.read_bytes().splitlines(keepends=True)
    with tempfile.TemporaryDirectory() as directory:
        server = Server(logbook, Path(directory) / "store")
        try:
            bodies = Path(directory) / "bodies"
            bodies.mkdir()
            config = []
            starts = range(0, len(lines), batch_size)
            for number, start in enumerate(starts):
                body = bodies / f"{number:06d}.jsonl"
                body.write_bytes(b"".join(lines[start:start + batch_size]))
                config += [f'url = "{server.url}/v1/events"', f'data-binary = "@{body}"',
                           f'header = "Authorization: Bearer {server.token}"', 'header = "Content-Type: application/x-ndjson"',
                           'output = "/dev/null"', 'write-out = "%{http_code}\\n"', "next"]
            config_path = Path(directory) / "batches.curl"
            config_path.write_text("\n".join(config[:-1]) + "\n")
            started = time.monotonic()
            out = subprocess.run(["curl", "-sS", "--parallel", "--parallel-max", str(connections), "-K", str(config_path)],
                                 capture_output=True, text=True)
            http_rate = len(lines) / (time.monotonic() - started)
            codes = out.stdout.split()
            if out.returncode != 0 or codes != ["200"] * len(starts):
                raise SystemExit(f"batches over HTTP failed (curl exit {out.returncode}, answers {sorted(set(codes))}): {out.stderr}")
            head = httpx.get(server.url + "/readyz", headers=server.headers).json()["head"]
            if head != len(lines):
                raise SystemExit(f"the server holds {head} events after the batches, not {len(lines)}")
        finally:
            server.stop()
    return http_rate


def subscribers(logbook, count=100, rate=500, seconds=10):
    """`count` SSE followers while events are appended at `rate` per second for `seconds`; the lag of an
    event is when a follower got it minus when the store recorded it."""
    with tempfile.TemporaryDirectory() as directory:
        server = Server(logbook, Path(directory) / "store")
        total = rate * seconds
        try:
            async def follow(lags):
                async with httpx.AsyncClient(timeout=None) as client:
                    async with client.stream("GET", server.url + "/v1/events/stream", headers=server.headers) as response:
                        seen = 0
                        async for line in response.aiter_lines():
                            if line.startswith("data: "):
                                recorded = json.loads(line[6:])["recorded_at_ms"]
                                lags.append(time.time() * 1000 - recorded)
                                seen += 1
                                if seen == total:
                                    return

            def produce():
                with httpx.Client() as client:
                    started = time.monotonic()
                    for n in range(total):
                        event = {"event_type": "custom.tick", "trace_id": "6f1c0000-0000-4000-8000-000000000001", "payload": {"n": n}}
                        client.post(server.url + "/v1/events", json=event, headers=server.headers).raise_for_status()
                        delay = started + (n + 1) / rate - time.monotonic()
                        if delay > 0:
                            time.sleep(delay)

            async def run():
                lags = [[] for _ in range(count)]
                tasks = [asyncio.create_task(follow(l)) for l in lags]
                await asyncio.sleep(1)
                await asyncio.to_thread(produce)
                await asyncio.wait_for(asyncio.gather(*tasks), timeout=120)
                return lags

            lags = asyncio.run(run())
        finally:
            server.stop()
    worst = max(max(l) for l in lags)
    return {"max_lag_ms": worst, "p99_lag_ms": statistics.quantiles([x for l in lags for x in l], n=100)[98],
            "events_each": total, "subscribers": count}


def summary(values, digits=1):
    values = sorted(values)
    return f"{statistics.median(values):,.{digits}f} [{values[0]:,.{digits}f}-{values[-1]:,.{digits}f}]"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=3000, help="sessions of the generated workload for the batch test")
    parser.add_argument("--seconds", type=int, default=10, help="duration of the wrk run")
    parser.add_argument("--logbook", default=None, help="the logbook binary (default: the release build)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logbook = args.logbook or str(REPO / ".build/release/logbook")
    with tempfile.TemporaryDirectory() as directory:
        workload = Path(directory) / "workload.jsonl"
        with open(workload, "wb") as out:
            subprocess.run([logbook, "generate", "--sessions", str(args.sessions), "--seed", "1"], check=True, stdout=out)
        results = {"single": [], "batches": [], "subscribers": []}
        for run in range(args.runs):
            print(f"run {run + 1}/{args.runs}", file=sys.stderr)
            results["single"].append(single_events(logbook, args.seconds))
            results["batches"].append(batches(logbook, workload))
            results["subscribers"].append(subscribers(logbook))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    single, batch, subs = results["single"], results["batches"], results["subscribers"]
    rows = [
        ("64 clients, single durable events: events/s", summary([r["events_per_s"] for r in single]), ">= 40,000"),
        ("  latency p50 ms", summary([r["p50_ms"] for r in single]), ""),
        ("  latency p99 ms", summary([r["p99_ms"] for r in single]), ""),
        ("batches of 1,000 over HTTP: events/s", summary([r["http_events_per_s"] for r in batch]), ""),
        ("  logbook ingest, same file: events/s", summary([r["ingest_events_per_s"] for r in batch]), ""),
        ("  ratio HTTP / ingest", summary([r["ratio"] for r in batch], digits=2), ">= 0.8"),
        ("100 SSE subscribers, 500 events/s: slowest lag ms", summary([r["max_lag_ms"] for r in subs]), "< 1,000"),
        ("  p99 lag ms over all subscribers", summary([r["p99_lag_ms"] for r in subs]), ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement'.ljust(width)}  {'median [min-max]':<32}  target")
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:<32}  {target}")


if __name__ == "__main__":
    main()
