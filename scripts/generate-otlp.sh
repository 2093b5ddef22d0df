#!/usr/bin/env bash
# Regenerates Sources/LogbookOTLP/Generated/*.pb.swift, the Swift types of the OTLP trace and
# logs export requests, from a pinned opentelemetry-proto release. The generated files are
# committed, so a build never runs protoc or its plugin.
#
# Steps: protoc from Debian's protobuf-compiler; opentelemetry-proto from PyPI in a throwaway
# virtual environment, whose _pb2 modules embed the compiled .proto files: they are written out
# as a FileDescriptorSet (schemas/otlp/otlp.binpb); protoc-gen-swift built from swift-protobuf
# at the tag the package depends on; then protoc reads the descriptor set and writes Swift.
#
# Tools are cached in .build-otlp-tools/ (git-ignored); set OTLP_TOOLS_DIR to use another place.
set -euo pipefail
cd "$(dirname "$0")/.."

OTLP_PROTO_VERSION=1.45.2
PROTOBUF_PY_VERSION=7.36.2
SWIFT_PROTOBUF_TAG=1.39.0
tools="${OTLP_TOOLS_DIR:-.build-otlp-tools}"
descriptors=schemas/otlp/otlp.binpb
out=Sources/LogbookOTLP/Generated
protos=(
    opentelemetry/proto/common/v1/common.proto
    opentelemetry/proto/resource/v1/resource.proto
    opentelemetry/proto/trace/v1/trace.proto
    opentelemetry/proto/logs/v1/logs.proto
    opentelemetry/proto/collector/trace/v1/trace_service.proto
    opentelemetry/proto/collector/logs/v1/logs_service.proto
)

if ! command -v protoc >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y protobuf-compiler
fi

mkdir -p "$tools" "$(dirname "$descriptors")" "$out"
venv="$tools/venv-otlp-proto-$OTLP_PROTO_VERSION"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "opentelemetry-proto==$OTLP_PROTO_VERSION" "protobuf==$PROTOBUF_PY_VERSION"
fi

# Each _pb2 module holds its file's FileDescriptorProto as serialized bytes; the set lists
# dependencies before the files that import them, as protoc expects.
"$venv/bin/python" - "$descriptors" <<'PY'
import sys
from google.protobuf import descriptor_pb2
from opentelemetry.proto.collector.logs.v1 import logs_service_pb2
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

files = descriptor_pb2.FileDescriptorSet()
seen = set()

def add(descriptor):
    if descriptor.name in seen:
        return
    for dependency in descriptor.dependencies:
        add(dependency)
    seen.add(descriptor.name)
    files.file.append(descriptor_pb2.FileDescriptorProto.FromString(descriptor.serialized_pb))

add(trace_service_pb2.DESCRIPTOR)
add(logs_service_pb2.DESCRIPTOR)
with open(sys.argv[1], "wb") as output:
    output.write(files.SerializeToString(deterministic=True))
print("descriptors:", ", ".join(f.name for f in files.file))
PY

plugin_source="$tools/swift-protobuf-$SWIFT_PROTOBUF_TAG"
plugin="$plugin_source/.build/release/protoc-gen-swift"
if [ ! -x "$plugin" ]; then
    rm -rf "$plugin_source"
    git clone --quiet --depth 1 --branch "$SWIFT_PROTOBUF_TAG" https://github.com/apple/swift-protobuf "$plugin_source"
    (cd "$plugin_source" && nice -n 10 swift build -c release --product protoc-gen-swift)
fi

rm -f "$out"/*.pb.swift
protoc \
    --plugin=protoc-gen-swift="$plugin" \
    --descriptor_set_in="$descriptors" \
    --swift_opt=FileNaming=DropPath \
    --swift_opt=Visibility=Internal \
    --swift_out="$out" \
    "${protos[@]}"
echo "wrote $(ls "$out"/*.pb.swift | wc -l) files to $out"
