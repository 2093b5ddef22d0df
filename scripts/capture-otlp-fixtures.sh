#!/usr/bin/env bash
# Captures the OTLP fixtures of Tests/LogbookOTLPTests/Fixtures from real exporters: the
# OpenAI Agents SDK instrumented by OpenInference (scripted model, no network), spans following
# the GenAI semantic conventions, and Python logging through the OpenTelemetry SDK. The work is
# in capture-otlp-fixtures.py; this script makes its throwaway virtual environment.
#
# The environment is cached in .build-otlp-tools/ (git-ignored); set OTLP_TOOLS_DIR to use
# another place.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="${OTLP_TOOLS_DIR:-.build-otlp-tools}"
venv="$tools/venv-capture"
packages=(
    opentelemetry-sdk==1.45.2
    opentelemetry-exporter-otlp-proto-http==1.45.2
    openai-agents==0.24.0
    openinference-instrumentation-openai-agents==2.6.0
)
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/pip" freeze | grep -qx "openai-agents==0.24.0"; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "${packages[@]}"
fi
# No key is needed and none is used: the model is scripted.
OPENAI_API_KEY=offline "$venv/bin/python" scripts/capture-otlp-fixtures.py Tests/LogbookOTLPTests/Fixtures
