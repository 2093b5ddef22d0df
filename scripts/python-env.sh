#!/usr/bin/env bash
# Creates (or refreshes) the Python environment for the client in .venv-python/ and prints the
# path of its python. Idempotent: a second run only re-checks the installed packages.
#   scripts/python-env.sh            # then: "$(scripts/python-env.sh | tail -1)" -m pytest clients/python
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-python
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
    if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
        if command -v apt-get >/dev/null; then
            apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        fi
        "$python" -m venv "$venv"
    fi
fi

# The OpenTelemetry packages are those the OTLP tests export with (the versions the OTLP
# fixtures were captured with, scripts/capture-otlp-fixtures.sh).
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
    -e "clients/python[agents]" "openai-agents==0.24.0" "pytest>=8" \
    "schemathesis==4.32.5" "PyYAML>=6" \
    "opentelemetry-sdk==1.45.2" "opentelemetry-exporter-otlp-proto-http==1.45.2" \
    "openinference-instrumentation-openai-agents==2.6.0" >&2

echo "$(pwd)/$venv/bin/python"
