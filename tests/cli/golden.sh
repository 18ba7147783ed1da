#!/usr/bin/env bash
# Golden CLI tests: each tests/golden/NAME.args (one argument per line, run from the project
# root) must print exactly tests/golden/NAME.out and exit with tests/golden/NAME.status.
# Regenerate on purpose with tests/golden/regenerate.sh.
QUOTH=$1 ROOT=$2
source "$ROOT/tests/cli/lib/common.bash"
source "$ROOT/tests/cli/lib/golden.bash"
cd "$ROOT" || exit 1
for args in tests/golden/*.args; do
  name=${args%.args}
  golden_run "$QUOTH" "$name" "$TMP/out"
  status=$?
  if ! diff -u "$name.out" "$TMP/out" >"$TMP/diff"; then
    fail "$name: output differs"; head -40 "$TMP/diff" >&2
  elif [ "$status" != "$(cat "$name.status")" ]; then
    fail "$name: exit $status, wanted $(cat "$name.status")"
  else
    pass
  fi
done
finish
