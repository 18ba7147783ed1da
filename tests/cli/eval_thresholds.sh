#!/usr/bin/env bash
# quoth eval --min thresholds (exit 1 under, 0 at or over, 2 for an unknown or unavailable figure),
# and usage errors (--min and --threshold values, --types, the help).
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
# A --min VALUE is a decimal number from 0 to 1; anything else is a usage error naming it.
expect 0 "${g[@]}" --min quotes.f1=0 --min quotes.f1=.5 --min direct.f1=1 --min direct.f1=1.0
for v in nan inf -inf 0x1 1.5 -1 1e-1 +0.5 "" . 0.5.1 " 0.5"; do
  expect 2 "${g[@]}" --min "quotes.f1=$v"
  grep -qF "\"$v\" is not a decimal number from 0 to 1" /tmp/quoth_eval_$$.err ||
    { echo "FAIL: --min quotes.f1=$v: message"; cat /tmp/quoth_eval_$$.err; fail=1; }
done
# --threshold is a decimal number from 0 to 1 too (nan would match nothing, score.py everything).
expect 0 "${g[@]}" --threshold 0
expect 0 "${g[@]}" --threshold 1
expect 0 "${g[@]}" --threshold 0.3
for v in nan inf -1 2 1.01 0x1 ""; do
  expect 2 "${g[@]}" --threshold "$v"
  grep -qF "not '$v'" /tmp/quoth_eval_$$.err || { echo "FAIL: --threshold $v: message"; cat /tmp/quoth_eval_$$.err; fail=1; }
done
# An empty --types name is a usage error (not a type named "", and not the default types).
expect 0 "${g[@]}" --types PERSON,ORG
expect 2 "${g[@]}" --types ""
grep -q -- "--types: an empty type name" /tmp/quoth_eval_$$.err || { echo "FAIL: --types '' message"; cat /tmp/quoth_eval_$$.err; fail=1; }
# The --min help lists exactly the names --min accepts.
names=(quotes.f1 quotes.precision quotes.recall quotes.exact_f1 direct.f1 direct.precision direct.recall
       direct.speaker_end_to_end speakers speakers.end_to_end sentences.f1 sentences.precision sentences.recall
       sentences.exact entities.f1 entities.precision entities.recall entities.span_f1)
help=$("$quoth" eval --help)
listed=$(printf '%s\n' "$help" | sed -n 's/^ *--min NAME=VALUE.* NAME: \([a-z0-9_., ]*\).*/\1/p' | tr -d ' ' | tr ',' ' ')
[ "$listed" = "${names[*]}" ] || { echo "FAIL: --min help lists '$listed', want '${names[*]}'"; fail=1; }
for n in "${names[@]}"; do expect 0 "${g[@]}" --min "$n=0"; done
expect 2 "${g[@]}" --min speakers.precision=0
# eval runs on one thread: its help says -j is ignored.
printf '%s\n' "$help" | grep -q -- "-j is accepted and ignored" || { echo "FAIL: eval help does not say -j is ignored"; fail=1; }
printf '%s\n' "$help" | grep -A1 -- "-j,--threads" | grep -q "Ignored" || { echo "FAIL: eval -j help does not say ignored"; fail=1; }
# A figure the gold file cannot give: the quotes-only gold has no entities.
printf '{"id": "x", "text": "\\u201cHi,\\u201d she said.", "quotes": [{"start": 0, "end": 5}]}\n' >/tmp/quoth_eval_$$.gold
expect 0 --gold /tmp/quoth_eval_$$.gold --pred "$fx/pred.jsonl" --min quotes.f1=0
expect 2 --gold /tmp/quoth_eval_$$.gold --pred "$fx/pred.jsonl" --min entities.f1=0.1
# JSON output carries the thresholds.
out=$("$quoth" eval "${g[@]}" --format json --min quotes.f1=0.8)
case "$out" in *'"thresholds":[{"figure":"quotes.f1","min":0.8,"value":0.75,"ok":false}]'*) ;; *) echo "FAIL: json thresholds: $out"; fail=1 ;; esac
# Predictions on standard input.
got=$("$quoth" eval --gold "$fx/gold.jsonl" --pred - <"$fx/pred.jsonl" | grep '^figures:')
[ "$got" = "figures: quotes.f1=0.7500 direct.f1=1.0000 speakers=0.6667 sentences.f1=0.6667 entities.f1=0.6667" ] ||
  { echo "FAIL: --pred - : $got"; fail=1; }
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
