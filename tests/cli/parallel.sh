#!/usr/bin/env bash
# Scale-out: GNU parallel --pipe -k over JSONL gives exactly the single-process output.
QUOTH=$1 ROOT=$2
source "$ROOT/tests/cli/lib/common.bash"
if ! command -v parallel >/dev/null; then echo "GNU parallel is not installed (apt-get install parallel)"; exit 1; fi
python3 "$ROOT/tests/cli/lib/make_corpus.py" 1500 "$ROOT"/samples/*.txt >"$TMP/corpus.jsonl"
"$QUOTH" "$TMP/corpus.jsonl" >"$TMP/single.jsonl" || fail "single process"
parallel --will-cite --pipe -k --block 1M "$QUOTH" <"$TMP/corpus.jsonl" >"$TMP/parallel.jsonl" || fail "parallel run"
cmp -s "$TMP/single.jsonl" "$TMP/parallel.jsonl" && pass || fail "parallel output differs from single-process output"
[ "$(wc -l <"$TMP/parallel.jsonl")" = "$(wc -l <"$TMP/corpus.jsonl")" ] && pass || fail "record count"
finish
