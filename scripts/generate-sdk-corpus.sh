#!/usr/bin/env bash
# Regenerates Tests/Fixtures/sdk-corpus/ from the provider SDKs' own types: installs pinned
# openai, anthropic and google-genai into a throwaway virtual environment (.venv-corpus/,
# ignored by git) and runs scripts/sdk_corpus, which builds every message, item, response and
# usage object with those SDKs (offline, no API keys), writes them as Logbook events, and
# refuses to write a corpus that does not check out. Same pins, same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

pins=(openai==3.57.0 anthropic==2.14.0 google-genai==3.6.1 pydantic==2.14.4)
venv=.venv-corpus
python="${PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}"

cd scripts
../"$venv"/bin/python -m sdk_corpus ../Tests/Fixtures/sdk-corpus
