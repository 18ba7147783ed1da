#!/usr/bin/env bash
# quoth eval must give the referee's figures (shared/eval/score.py). Always: the fixture gold and
# predictions in tests/fixtures/eval, against figures computed by hand (below). When the shared
# gold sets and score.py are present (../shared next to the project, or /work/shared) and python3
# is there: quoth eval and score.py on the same predictions, for quotes, sentences and entities.
set -u
quoth=$1 src=$2 fx=$2/tests/fixtures/eval
fail=0
tmp=$(mktemp -d) ; trap 'rm -rf "$tmp"' EXIT

# Hand computation for tests/fixtures/eval (2 documents):
#  quotes: gold units = d1 "We will win", d1 "taxes would fall", d2 split quote -> 2 parts = 4;
#    predictions = 4; matches (Jaccard >= 0.5 after trimming): d1 quote 1 (exact), d2 part 1
#    (exact), d2 part 2 ("replied, “and it never was" vs "and it never was": 16/26) -> tp 3:
#    P = R = F1 = 0.75; exact: 2 of 4 -> 0.5. Direct: 3 gold direct units, all matched (R 1.0); 2
#    direct predictions, both matched (P 1.0). Speakers: 4 gold units with a speaker, 3 matched,
#    2 right ("Jones" in "Mary Jones", "engineer" in "an engineer") -> 0.6667 on matched.
#  sentences: gold boundaries 2 (one per document), predicted 1 (d2's), both at the same place
#    -> P 1.0, R 0.5, F1 0.6667.
#  entities: types in gold = PERSON; gold 1, predicted 2 (Mary Jones right, The mayor wrong)
#    -> P 0.5, R 1.0, F1 0.6667.
want="figures: quotes.f1=0.7500 direct.f1=1.0000 speakers=0.6667 sentences.f1=0.6667 entities.f1=0.6667"
got=$("$quoth" eval --gold "$fx/gold.jsonl" --pred "$fx/pred.jsonl" | grep '^figures:')
[ "$got" = "$want" ] || { echo "FAIL: fixture figures"; echo " got:  $got"; echo " want: $want"; fail=1; }
"$quoth" eval --gold "$fx/gold.jsonl" --pred "$fx/pred.jsonl" --format json >"$tmp/fixture.json"
grep -qF '"all_exact":{"precision":0.5,"recall":0.5,"f1":0.5,"tp":2,"pred":4,"gold":4}' "$tmp/fixture.json" ||
  { echo "FAIL: fixture all_exact"; cat "$tmp/fixture.json"; fail=1; }
grep -qF '"speaker_counts":{"matched_with_gold_speaker":3,"correct":2,"gold_with_speaker":4}' "$tmp/fixture.json" ||
  { echo "FAIL: fixture speaker counts"; fail=1; }

shared=""
for d in "$src/../shared" /work/shared; do
  [ -f "$d/eval/score.py" ] && { shared=$d/eval; break; }
done
if [ -z "$shared" ] || ! command -v python3 >/dev/null; then
  echo "shared/eval not present: compared on the fixture only"
  exit $fail
fi

# compare GOLD PRED TASK...: quoth eval --pred PRED vs score.py TASK --json, section by section.
compare() {
  local gold=$1 pred=$2; shift 2
  "$quoth" eval --gold "$gold" --pred "$pred" --format json >"$tmp/q.json" || { echo "FAIL: quoth eval on $gold"; fail=1; return; }
  for task in "$@"; do
    python3 "$shared/score.py" "$task" --gold "$gold" --pred "$pred" --json >"$tmp/s.json" || { fail=1; continue; }
    python3 - "$tmp/q.json" "$tmp/s.json" "$task" "$gold" <<'PY' || fail=1
import json, sys
q = json.load(open(sys.argv[1]))[sys.argv[3]]
s = json.load(open(sys.argv[2]))
for k in ("gold_documents", "pred_documents_matched", "pred_documents_unknown", "pred_spans_malformed_or_out_of_range"):
    s.pop(k, None)
if q != s:
    print(f"FAIL: {sys.argv[3]} on {sys.argv[4]} differs from score.py\n quoth:    {json.dumps(q)}\n score.py: {json.dumps(s)}")
    sys.exit(1)
print(f"same as score.py: {sys.argv[3]} on {sys.argv[4]}")
PY
  done
}

compare "$fx/gold.jsonl" "$fx/pred.jsonl" quotes sentences entities
# The pipeline's own predictions: quoth extract output, scored by both; and quoth eval running
# the pipeline itself must give the same figures as scoring that output.
for gold in seed/armenia.gold.jsonl quotes/gum_news.jsonl; do
  [ -f "$shared/$gold" ] || continue
  "$quoth" --input-format jsonl --sentences "$shared/$gold" >"$tmp/pred.jsonl" 2>/dev/null
  compare "$shared/$gold" "$tmp/pred.jsonl" quotes
  a=$("$quoth" eval --gold "$shared/$gold" --pred "$tmp/pred.jsonl" | grep '^figures:')
  b=$("$quoth" eval --gold "$shared/$gold" | grep '^figures:')
  [ "$a" = "$b" ] || { echo "FAIL: eval with the pipeline differs from eval of extract's output on $gold"; echo " $a"; echo " $b"; fail=1; }
done
exit $fail
