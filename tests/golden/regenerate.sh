#!/usr/bin/env bash
# Rewrites every tests/golden/NAME.out and NAME.status from the current binary. Run on purpose,
# after a deliberate change of output, and review the diff before committing.
# Usage: tests/golden/regenerate.sh [PATH/TO/quoth]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
quoth=$(realpath "${1:-$root/build/quoth}")
cd "$root" || exit 1
source tests/cli/lib/golden.bash
for args in tests/golden/*.args; do
  name=${args%.args}
  golden_run "$quoth" "$name" "$name.out"
  echo $? >"$name.status"
  echo "$name: exit $(cat "$name.status")"
done
