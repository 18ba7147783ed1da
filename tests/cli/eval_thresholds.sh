#!/usr/bin/env bash
# quoth eval --min thresholds (exit 1 under, 0 at or over, 2 for an unknown or unavailable figure),
# and usage errors.
set -u
quoth=$1 src=$2 fx=$2/tests/fixtures/eval
fail=0
expect() {
  local want=$1; shift
  "$quoth" eval "$@" >/dev/null 2>/tmp/quoth_eval_$$.err
  local got=$?
  [ "$got" = "$want" ] || { echo "FAIL: quoth eval $* exited $got, want $want"; cat /tmp/quoth_eval_$$.err; fail=1; }
}
g=(--gold "$fx/gold.jsonl" --pred "$fx/pred.jsonl")
expect 0 "${g[@]}"
expect 0 "${g[@]}" --min quotes.f1=0.75 --min direct.f1=1 --min entities.f1=0.6
expect 1 "${g[@]}" --min quotes.f1=0.8
grep -q "quotes.f1 = 0.7500 is under the minimum 0.8" /tmp/quoth_eval_$$.err || { echo "FAIL: message"; fail=1; }
expect 1 "${g[@]}" --min quotes.f1=0.5 --min sentences.f1=0.7
expect 1 "${g[@]}" --min speakers=0.9
expect 0 "${g[@]}" --min speakers=0.6 --min sentences.recall=0.5 --min entities.recall=1
expect 2 "${g[@]}" --min nothing.f1=0.5
expect 2 "${g[@]}" --min quotes.f1=high
expect 2 "${g[@]}" --min quotes.f1
# A figure the gold file cannot give: the quotes-only gold has no entities.
head -c 0 /dev/null
printf '{"id": "x", "text": "\\u201cHi,\\u201d she said.", "quotes": [{"start": 0, "end": 5}]}\n' >/tmp/quoth_eval_$$.gold
expect 0 --gold /tmp/quoth_eval_$$.gold --pred "$fx/pred.jsonl" --min quotes.f1=0
expect 2 --gold /tmp/quoth_eval_$$.gold --pred "$fx/pred.jsonl" --min entities.f1=0.1
# JSON output carries the thresholds.
out=$("$quoth" eval "${g[@]}" --format json --min quotes.f1=0.8)
case "$out" in *'"thresholds":[{"figure":"quotes.f1","min":0.8,"value":0.75,"ok":false}]'*) ;; *) echo "FAIL: json thresholds: $out"; fail=1 ;; esac
# Usage and input errors.
expect 2 --pred "$fx/pred.jsonl"
expect 2 --gold /tmp/no-such-gold-$$.jsonl --pred "$fx/pred.jsonl"
printf '{"id": "x", "text": "a"}\nnot json\n' >/tmp/quoth_eval_$$.gold
expect 2 --gold /tmp/quoth_eval_$$.gold --pred "$fx/pred.jsonl"
grep -q "quoth_eval_$$.gold:2: not JSON" /tmp/quoth_eval_$$.err || { echo "FAIL: bad gold line message"; cat /tmp/quoth_eval_$$.err; fail=1; }
expect 2 "${g[@]}" "$fx/gold.jsonl"
# Running the pipeline on the gold texts (no --pred) works and reports every section.
"$quoth" eval --gold "$fx/gold.jsonl" >/tmp/quoth_eval_$$.out || { echo "FAIL: eval with the pipeline"; fail=1; }
grep -q '^figures: quotes.f1=' /tmp/quoth_eval_$$.out || { echo "FAIL: pipeline figures"; fail=1; }
# ...or on other inputs joined on id.
"$quoth" eval --gold "$fx/gold.jsonl" --input-format jsonl "$fx/gold.jsonl" --format json >/tmp/quoth_eval_$$.out ||
  { echo "FAIL: eval on paths"; fail=1; }
grep -q '"pred_documents_matched":2' /tmp/quoth_eval_$$.out || { echo "FAIL: eval on paths joins on id"; cat /tmp/quoth_eval_$$.out; fail=1; }
rm -f /tmp/quoth_eval_$$.*
exit $fail
