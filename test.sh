#!/usr/bin/env bash
# Restores, builds and runs every test of Vigil; the last line is the summary CI reads:
#   tests: N passed, N failed, N skipped
# Corpus conformance tests (the ratchet in tests/conformance/) run when ../shared is beside the repo.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$(pwd)/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

if ! dotnet restore Vigil.slnx --nologo -v q; then
  echo "restore failed"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1
fi
if ! dotnet build Vigil.slnx -c Release --no-restore --nologo -v q -clp:ErrorsOnly; then
  echo "build failed"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1
fi

dotnet test tests/Vigil.Tests/Vigil.Tests.csproj -c Release --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" \
  --logger "console;verbosity=minimal"
status=$?

trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "no test results written"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
passed=$(get passed); failed=$(get failed); total=$(get total); executed=$(get executed)
notexec=$(get notExecuted)
skipped=$(( ${total:-0} - ${executed:-0} ))
[ "${skipped}" -lt "${notexec:-0}" ] && skipped=${notexec:-0}
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
