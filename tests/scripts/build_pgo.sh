#!/usr/bin/env bash
# scripts/build-pgo: its usage errors, and a binary built from a profile that writes what the
# plain build writes (the profile may change only speed).
QUOTH=$1 ROOT=$2
source "$ROOT/tests/cli/lib/common.bash"
BUILD_PGO="$ROOT/scripts/build-pgo"

expect_status 2 "$BUILD_PGO"                                   # no training text
expect_status 2 "$BUILD_PGO" -B "$TMP/new" "$TMP/missing.jsonl"  # training text that is not there
mkdir -p "$TMP/other" && touch "$TMP/other/CMakeCache.txt"
expect_status 2 "$BUILD_PGO" -B "$TMP/other" "$ROOT/samples"   # another build's directory
grep -q "another build" "$TMP/err" && pass || fail "no message on another build's directory"

python3 "$ROOT/tests/cli/lib/make_corpus.py" 300 "$ROOT"/samples/*.txt >"$TMP/train.jsonl"
expect_status 0 "$BUILD_PGO" -B "$TMP/pgo" -j 2 "$TMP/train.jsonl"
[ -x "$TMP/pgo/quoth" ] && pass || fail "no binary at $TMP/pgo/quoth"
compgen -G "$TMP/pgo/profile/*.gcda" >/dev/null && pass || fail "no profile written"
if [ -x "$TMP/pgo/quoth" ]; then
  for input in "$TMP/train.jsonl" "$ROOT/samples"; do
    "$QUOTH" "$input" >"$TMP/plain.out"
    for j in 1 2; do
      "$TMP/pgo/quoth" -j $j "$input" >"$TMP/pgo.out"
      cmp -s "$TMP/plain.out" "$TMP/pgo.out" && pass || fail "PGO build at -j $j differs from the plain build on $input"
    done
  done
fi
finish
