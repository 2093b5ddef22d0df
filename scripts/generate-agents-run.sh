#!/usr/bin/env bash
# Regenerates Tests/Fixtures/sdk-corpus/openai-agents-run.jsonl and its .expected.json:
# scripted, offline OpenAI Agents SDK runs (tool calls, a handoff, a tripped guardrail, a
# streamed run, max turns, model errors) traced by logbook_client's tracing processor.
# The output is the same bytes on every run (fixed clock, counter span ids, fixed trace ids).
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(scripts/python-env.sh | tail -1)
out="$(pwd)/Tests/Fixtures/sdk-corpus"
cd clients/python/tests
"$python" -m support.generate_fixture "$out"
