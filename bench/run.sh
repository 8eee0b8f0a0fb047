#!/usr/bin/env bash
# Runs Vigil's throughput benchmarks in Release, next to the peers measured in the same run.
#   bench/run.sh [windows|syslog|correlate|bruteforce|instances|ingest|all] [lines]
# Installs the peer tools (lognormalizer, SEC) from Debian when missing; needs ../shared (bench inputs).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v lognormalizer >/dev/null || need+=(liblognorm-utils)
command -v sec >/dev/null || need+=(sec)
if ((${#need[@]})) && command -v apt-get >/dev/null; then
    echo "installing peers: ${need[*]}" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null \
        || echo "could not install ${need[*]}: the peers' figures from ../shared/bench/peers/RESULTS.md are quoted instead" >&2
fi

dotnet build bench/Vigil.Bench -c Release -o artifacts/bench -v q -clp:ErrorsOnly
# The GC setting ./vigil runs with (see the launcher): the benchmarks measure what the CLI's users get.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
exec dotnet artifacts/bench/Vigil.Bench.dll throughput "${1:-all}" ${2:+"$2"}
