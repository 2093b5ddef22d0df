#!/usr/bin/env bash
# Exports the price catalogue of the genai-prices package (PyPI, MIT) into schemas/prices.json,
# with the package's version and licence, then regenerates the Swift that embeds it. The
# package is installed at a pinned version into a throwaway virtual environment; nothing is
# fetched at build or run time. A new catalogue changes the priced projectors' versions, so
# the next `logbook project` re-prices history. Usage:
#   scripts/update-prices.sh            # the pinned version
#   GENAI_PRICES_VERSION=0.2.4 scripts/update-prices.sh
set -euo pipefail
cd "$(dirname "$0")/.."
version="${GENAI_PRICES_VERSION:-0.2.3}"
python="${PYTHON:-python3}"
venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT

"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "genai-prices==$version"
"$venv/bin/python" scripts/export-prices.py >"$venv/prices.json"
if grep -q '"#' "$venv/prices.json"; then
    echo "update-prices: the export holds '\"#', which would end the Swift raw string it is embedded in" >&2
    exit 1
fi
mv "$venv/prices.json" schemas/prices.json
echo "wrote schemas/prices.json (genai-prices $version)"
scripts/generate-readmodels.sh
