#!/usr/bin/env python3
"""The naive alternative to compare with: JSONL rows into one SQLite `events` table (WAL,
synchronous=FULL so each commit is durable, one transaction per 1,000 rows).

    scripts/sqlite-baseline.py workload.jsonl [database]
"""
import json
import os
import sqlite3
import sys
import time

source = sys.argv[1]
path = sys.argv[2] if len(sys.argv) > 2 else "/tmp/logbook-baseline.sqlite"
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
db.execute("""CREATE TABLE events (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, event_type TEXT NOT NULL, session_id TEXT,
    trace_id TEXT NOT NULL, user_id TEXT, agent_id TEXT, timestamp_ms INTEGER NOT NULL, payload TEXT NOT NULL)""")
start = time.monotonic()
count = 0
batch = []


def flush():
    db.execute("BEGIN")
    db.executemany("INSERT INTO events (id, event_type, session_id, trace_id, user_id, agent_id, timestamp_ms, payload) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
    db.execute("COMMIT")
    batch.clear()


with open(source, "rb") as lines:
    for line in lines:
        event = json.loads(line)
        batch.append((event["id"], event["event_type"], event.get("session_id"), event["trace_id"], event.get("user_id"),
                      event.get("agent_id"), event["timestamp_ms"], json.dumps(event["payload"], separators=(",", ":"))))
        count += 1
        if len(batch) == 1000:
            flush()
if batch:
    flush()
seconds = time.monotonic() - start
print(f"sqlite baseline: {count} events in {seconds:.2f} s: {count / seconds:.0f} events/s")
