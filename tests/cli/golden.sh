#!/usr/bin/env bash
# Golden CLI tests: each tests/golden/NAME.args (one argument per line, run from the project
# root) must print exactly tests/golden/NAME.out and exit with tests/golden/NAME.status.
# Regenerate on purpose with tests/golden/regenerate.sh.
QUOTH=$1 ROOT=$2
source "$ROOT/tests/cli/lib/common.bash"
cd "$ROOT" || exit 1
for args in tests/golden/*.args; do
  name=${args%.args}
  mapfile -t argv <"$args"
  stdin=/dev/null
  [ -f "$name.stdin" ] && stdin=$name.stdin
  "$QUOTH" "${argv[@]}" <"$stdin" >"$TMP/out" 2>/dev/null
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
