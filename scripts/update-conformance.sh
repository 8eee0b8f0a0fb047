#!/usr/bin/env bash
# Adds every corpus test that passes now to tests/conformance/passing.txt (the ratchet). Never removes a line:
# a listed test that stops passing fails ./test.sh instead.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus/open-xp-rules}"
list=tests/conformance/passing.txt
touch "$list"
./vigil test --kb "$corpus" --format json \
  | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    if r["passed"]:
        print(r["test"])
' > /tmp/vigil-passing.$$ || true
before=$(grep -c . "$list" || true)
LC_ALL=C sort -u "$list" /tmp/vigil-passing.$$ -o "$list"
rm -f /tmp/vigil-passing.$$
after=$(grep -c . "$list")
echo "conformance list: $before -> $after tests"
