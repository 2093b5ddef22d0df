#!/usr/bin/env bash
# A tour of Logbook on a generated workload, in a fresh temporary store: generate, ingest,
# stats, read one session back, replay, project and query, verify; then `logbook serve` on a
# free port: append with curl, follow over SSE, replay over HTTP, stop.
#
#   scripts/demo.sh [SESSIONS]        how many sessions to generate (default 3000,
#                                     or $LOGBOOK_DEMO_SESSIONS)
#   LOGBOOK_DEMO_KEEP=1 scripts/demo.sh   keep the store and the sample afterwards
#   LOGBOOK_BIN=PATH scripts/demo.sh      use that logbook instead of building a release one
#                                         (scripts/test.sh runs the demo on the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."

sessions="${1:-${LOGBOOK_DEMO_SESSIONS:-3000}}"
if ! [[ $sessions =~ ^[1-9][0-9]*$ ]]; then
    echo "demo: the number of sessions must be a positive integer, got '$sessions'" >&2
    exit 2
fi
keep="${LOGBOOK_DEMO_KEEP:-0}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Prints stdin's lines cut to the terminal-friendly width, marking the cut.
abbreviate() { awk -v width="${1:-110}" '{ if (length($0) > width) print substr($0, 1, width) "…"; else print }'; }

step "Checking the build dependencies"
scripts/setup.sh

if [[ -n ${LOGBOOK_BIN:-} ]]; then
    logbook="$LOGBOOK_BIN"
else
    step "Building logbook (release)"
    swift build -c release --product logbook
    logbook="$(swift build -c release --show-bin-path)/logbook"
fi

workdir="$(mktemp -d "${TMPDIR:-/tmp}/logbook-demo.XXXXXX")"
store="$workdir/store"
sample="$workdir/sample.jsonl"
cleanup() {
    if [[ $keep == 1 ]]; then
        echo
        echo "The store is kept in $store (sample: $sample)."
        echo "Try:  $logbook read --store $store --limit 5"
    else
        rm -rf "$workdir"
        echo
        echo "Removed the temporary store and sample in $workdir (set LOGBOOK_DEMO_KEEP=1 to keep them)."
    fi
}
trap cleanup EXIT

step "Generating a sample workload: $sessions sessions of agents, runs, LLM calls and tool calls"
"$logbook" generate --sessions "$sessions" --seed 7 >"$sample"
printf '%s events, %s MB of JSONL in %s\n' "$(wc -l <"$sample" | tr -d ' ')" \
    "$(( $(wc -c <"$sample") / 1048576 ))" "$sample"
echo "First line:"
head -n 1 "$sample" | abbreviate

step "Ingesting it into a fresh store ($store)"
"$logbook" ingest "$sample" --store "$store"

step "Store statistics"
"$logbook" stats --store "$store"

session="$(sed -n "$(( $(wc -l <"$sample") / 2 ))p" "$sample" | grep -o '"session_id":"[^"]*"' | cut -d'"' -f4 || true)"
if [[ -z $session ]]; then
    session="$(grep -m 1 -o '"session_id":"[^"]*"' "$sample" | cut -d'"' -f4)"
fi
step "Reading one session back through the session index: $session"
events="$("$logbook" read --store "$store" --session "$session")"
count="$(printf '%s\n' "$events" | wc -l | tr -d ' ')"
echo "$count events in the session (the input had $(grep -c "\"session_id\":\"$session\"" "$sample")); the first 5:"
head -n 5 <<<"$events" |
    sed -E 's/^\{"position":([0-9]+),.*"event_type":"([^"]*)".*"session_seq":([0-9]+).*"payload":(.*)\}$/position \1  version \3  \2  payload \4/' |
    abbreviate 130

step "Replaying that session's context from the log: the transcript an agent would resume from (last 8 messages)"
"$logbook" replay --store "$store" --session "$session" --last 8 | head -n 30 | abbreviate 130
echo "… (the full context: logbook replay --session $session; --format messages or json for machines)"

trace="$(head -n 1 <<<"$(grep '"event_type":"run.started"' <<<"$events")" | sed -E 's/.*"trace_id":"([^"]*)".*/\1/')"
if [[ -n $trace ]]; then
    step "Replaying one of its runs as a waterfall: $trace"
    "$logbook" replay --store "$store" --trace "$trace" | head -n 25 | abbreviate 130
fi

step "Projecting the log into SQLite read models (projections.sqlite in the store)"
"$logbook" project --store "$store"
echo "Run statistics:"
"$logbook" query stats --store "$store"
echo "LLM usage by model (cost computed from schemas/prices.json where the client sent none):"
"$logbook" query llm --by model --limit 5 --store "$store" | abbreviate 130
echo "The newest runs:"
"$logbook" query runs --limit 3 --store "$store" | abbreviate 150
if [[ -n ${trace:-} ]]; then
    echo "The steps of run $trace:"
    "$logbook" query steps --trace "$trace" --store "$store" | head -n 8 | abbreviate 130
fi

step "Verifying every segment, checksum and index"
"$logbook" verify --store "$store"

step "Serving the store over HTTP (logbook serve on a free port, with a write token)"
token="$("$logbook" token create --scope write --name demo --store "$store" 2>/dev/null | tail -n 1)"
"$logbook" serve --listen 127.0.0.1:0 --store "$store" >"$workdir/serve.out" 2>"$workdir/serve.err" &
server=$!
stop_server() { kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true; cleanup; }
trap stop_server EXIT
for _ in $(seq 1 300); do grep -q listening "$workdir/serve.out" 2>/dev/null && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.:]*' "$workdir/serve.out")"
echo "listening on $url; token $(cut -c1-12 <<<"$token")… (only its SHA-256 is stored)"
auth="Authorization: Bearer $token"
echo "Following the log over Server-Sent Events from the next position, in the background:"
# The log's head is the first key of /readyz (its read models report a head of their own).
head_position="$(curl -s -H "$auth" "$url/readyz" | grep -o '^{"head":[0-9]*' | cut -d: -f2)"
curl -s -N -H "$auth" -H "Last-Event-ID: $((head_position - 1))" "$url/v1/events/stream" >"$workdir/sse.out" &
follower=$!
sleep 0.5
http_session=0b7e2c51-0000-4000-8000-000000000d30
http_trace=6f1c0000-0000-4000-8000-000000000d30
echo "Appending a small conversation with curl (expected_version=0: the session must be new):"
curl -s -H "$auth" "$url/v1/events?expected_version=0&session=$http_session" -d '[
  {"event_type":"session.started","session_id":"'$http_session'","trace_id":"'$http_trace'","payload":{"title":"over HTTP"}},
  {"event_type":"message.added","session_id":"'$http_session'","trace_id":"'$http_trace'","payload":{"role":"user","content":"What is Logbook?"}},
  {"event_type":"message.added","session_id":"'$http_session'","trace_id":"'$http_trace'","payload":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"Logbook\"}"}}]}},
  {"event_type":"message.added","session_id":"'$http_session'","trace_id":"'$http_trace'","payload":{"role":"tool","tool_call_id":"call_1","content":"An event store for agents."}},
  {"event_type":"message.added","session_id":"'$http_session'","trace_id":"'$http_trace'","payload":{"role":"assistant","content":"An append-only event store for what agents do."}}]'
echo
echo "Appending the same session at version 0 again is refused with the actual version:"
curl -s -H "$auth" "$url/v1/events?expected_version=0&session=$http_session" \
    -d '{"event_type":"message.added","session_id":"'$http_session'","trace_id":"'$http_trace'","payload":{"role":"user","content":"again"}}'
echo
sleep 1
kill "$follower" 2>/dev/null || true
echo "What the SSE follower received (id: is the position):"
grep -E '^(id|event):' "$workdir/sse.out" | head -n 6
echo "Replaying the session over HTTP, as chat messages:"
curl -s -H "$auth" "$url/v1/sessions/$http_session/replay?format=messages" | abbreviate 150
echo

step "A small agent in Python (OpenAI Agents SDK, scripted offline model): its memory is a Logbook session, its runs are traced"
python="$(scripts/python-env.sh 2>/dev/null | tail -n 1)"
agent_session=0b7e2c51-0000-4000-8000-00000000a9e7
write_token="$("$logbook" token create --scope write --name demo-agent --store "$store" 2>/dev/null | tail -n 1)"
LOGBOOK_URL="$url" LOGBOOK_TOKEN="$write_token" "$python" clients/python/examples/offline_agent.py "$agent_session"
echo "Its session replayed by the CLI from the log:"
"$logbook" replay --store "$store" --session "$agent_session" | head -n 30 | abbreviate 130
echo "Stopping the server (SIGTERM: requests in flight finish first)"
kill -TERM "$server"
wait "$server" || true
trap cleanup EXIT
