#!/usr/bin/env bash
# Makes ready what the viewer's browser tests need, when missing: Debian's Chromium and its
# WebDriver (chromium, chromium-driver), and Selenium in the Python environment that
# scripts/python-env.sh creates. Prints the path of that environment's python.
#   "$(scripts/web-env.sh | tail -1)" -m pytest web/tests
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "web-env: install Chromium and its chromedriver (Debian: chromium chromium-driver)" >&2
        exit 1
    fi
    as_root=()
    if [[ $(id -u) -ne 0 ]]; then as_root=(sudo); fi
    echo "web-env: installing chromium chromium-driver" >&2
    "${as_root[@]}" apt-get update -qq >&2
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2
fi

python=$(scripts/python-env.sh | tail -1)
# Pinned: the tests drive Chromium through its own chromedriver, so any recent Selenium 4 works.
"$python" -m pip install -q --disable-pip-version-check "selenium==4.51.0" >&2
echo "$python"
