#!/usr/bin/env bash
# Installs the system packages Logbook needs to build (on Debian or Ubuntu), if missing.
# Used by scripts/test.sh and scripts/demo.sh; safe to run again: it only installs what
# dpkg does not report as installed.
set -euo pipefail

packages=(liblz4-dev libsqlite3-dev pkg-config zlib1g-dev)

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: not a Debian-based system (no dpkg/apt-get); make sure these are installed: ${packages[*]}"
else
    missing=()
    for package in "${packages[@]}"; do
        if dpkg -s "$package" >/dev/null 2>&1; then
            echo "setup: $package is installed"
        else
            missing+=("$package")
        fi
    done
    if ((${#missing[@]} > 0)); then
        if [[ $(id -u) -eq 0 ]]; then
            as_root=()
        elif command -v sudo >/dev/null 2>&1; then
            as_root=(sudo)
        else
            echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
            exit 1
        fi
        echo "setup: installing ${missing[*]}"
        "${as_root[@]}" apt-get update
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
    fi
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "setup: swift is not on PATH; install a Swift 6.1 or later toolchain from https://www.swift.org/install/" >&2
    exit 1
fi
echo "setup: $(swift --version 2>/dev/null | head -n 1)"
