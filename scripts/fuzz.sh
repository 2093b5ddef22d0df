#!/usr/bin/env bash
# Builds and runs Logbook's libFuzzer targets (swiftc -sanitize=fuzzer,address).
#   scripts/fuzz.sh json [seconds]      the JSON scanner and the JSONL envelope extractor
#   scripts/fuzz.sh segment [seconds]   segment files as a reader meets them, and the record decoders
# Seeds are in Fuzz/corpus/<target>; new inputs the fuzzer finds go to .build-fuzz/corpus-<target>,
# crashes to .build-fuzz/ (the run then fails and prints the input's path).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-json}"
seconds="${2:-60}"
out=.build-fuzz
mkdir -p "$out" "$out/corpus-$target" "$out/modules/CLogbookCRC"
scripts/setup.sh >/dev/null

flags=(-sanitize=fuzzer,address -parse-as-library -O -g -package-name Logbook)
case "$target" in
json)
    swiftc "${flags[@]}" Fuzz/JSONScannerFuzz.swift Sources/LogbookJSON/*.swift -o "$out/fuzz-json"
    ;;
segment)
    # The core without the files that need swift-log (the writer side, which this target does not use).
    sources=()
    for file in Sources/LogbookCore/*/*.swift; do
        case "$file" in */LogWriter.swift) continue ;; esac
        grep -q '^import Logging' "$file" || sources+=("$file")
    done
    cat > "$out/modules/CLogbookCRC/module.modulemap" <<MAP
module CLogbookCRC {
    header "$PWD/Sources/CLogbookCRC/include/CLogbookCRC.h"
    export *
}
MAP
    clang -O2 -c Sources/CLogbookCRC/crc32c.c -I Sources/CLogbookCRC/include -o "$out/crc32c.o"
    mkdir -p "$out/modules/LogbookJSON"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name LogbookJSON -emit-module \
        -emit-module-path "$out/modules/LogbookJSON/LogbookJSON.swiftmodule" \
        -emit-library -static -o "$out/libLogbookJSON.a" Sources/LogbookJSON/*.swift
    swiftc "${flags[@]}" -module-name LogbookCore Fuzz/SegmentDecoderFuzz.swift "${sources[@]}" \
        -I Sources/CLZ4 -I "$out/modules/CLogbookCRC" -I "$out/modules/LogbookJSON" \
        "$out/crc32c.o" "$out/libLogbookJSON.a" -llz4 -o "$out/fuzz-segment"
    ;;
*)
    echo "usage: scripts/fuzz.sh json|segment [seconds]" >&2
    exit 2
    ;;
esac

echo "== fuzzing $target for $seconds s"
"$out/fuzz-$target" "$out/corpus-$target" "Fuzz/corpus/$target" \
    -max_total_time="$seconds" -max_len=262144 -timeout=10 -artifact_prefix="$out/" -print_final_stats=1 2>&1 |
    grep -E 'Done|stat::number_of_executed_units|stat::average_exec_per_sec|ERROR|SUMMARY|artifact|Test unit written' || true
test "${PIPESTATUS[0]}" -eq 0
