#!/usr/bin/env bash
# quoth eval with documents that could not be processed: a gold text over --max-doc-bytes, an input
# that cannot be read, error records in --pred. Each is named on stderr, the rest is still scored,
# and the run exits 2, also when a --min threshold is not met (2 wins over 1).
QUOTH=$1 ROOT=$2
source "$ROOT/tests/cli/lib/common.bash"

cat >"$TMP/gold.jsonl" <<'EOF'
{"id": "a", "text": "Hello there. Bye now. This is a long sentence here.", "sentences": ["Hello there.", "Bye now.", "This is a long sentence here."]}
{"id": "b", "text": "Hi. Ho.", "sentences": ["Hi.", "Ho."]}
EOF
printf '%s\n' '{"id": "b", "text": "Hi. Ho."}' >"$TMP/b.jsonl"

# figures FILE: the figures line of a text report.
figures() { grep '^figures:' "$1"; }

# The pipeline on the gold texts: "a" is over --max-doc-bytes 20, "b" is not.
expect_status 2 "$QUOTH" eval --gold "$TMP/gold.jsonl" --max-doc-bytes 20
grep -q '^quoth: a: .*max-doc-bytes' "$TMP/err" && pass || fail "the failed gold document is not named: $(cat "$TMP/err")"
figures "$TMP/out" >/dev/null && pass || fail "no figures when a gold document failed"
expect_status 2 "$QUOTH" eval --gold "$TMP/gold.jsonl" --max-doc-bytes 20 --min sentences.f1=0.99
grep -q 'sentences.f1 = .* is under the minimum 0.99' "$TMP/err" && pass || fail "threshold message: $(cat "$TMP/err")"
expect_status 2 "$QUOTH" eval --gold "$TMP/gold.jsonl" --max-doc-bytes 20 --min sentences.f1=0 --format json
json_check "$TMP/out" 'recs[0]["thresholds"][0]["ok"] is True and recs[0]["gold_documents"] == 2'

# Inputs joined on id, one of which cannot be read.
expect_status 2 "$QUOTH" eval --gold "$TMP/gold.jsonl" --input-format jsonl "$TMP/b.jsonl" "$TMP/missing.jsonl" \
  --min sentences.recall=0.99
grep -q "missing.jsonl" "$TMP/err" && pass || fail "the unreadable input is not named: $(cat "$TMP/err")"

# --pred with an error record (a document extract could not process): named, scored as predicting
# nothing (the figures equal those of a record with no predictions), exit 2.
cat >"$TMP/pred.jsonl" <<'EOF'
{"id": "a", "error": {"code": "too_large", "message": "document of 51 bytes is over --max-doc-bytes 10"}}
{"id": "b", "quotes": [], "entities": [], "sentences": [{"start": 0, "end": 3}, {"start": 4, "end": 7}]}
EOF
sed '1s/.*/{"id": "a"}/' "$TMP/pred.jsonl" >"$TMP/pred-empty.jsonl"
expect_status 0 "$QUOTH" eval --gold "$TMP/gold.jsonl" --pred "$TMP/pred-empty.jsonl"
figures "$TMP/out" >"$TMP/figures-empty"
expect_status 2 "$QUOTH" eval --gold "$TMP/gold.jsonl" --pred "$TMP/pred.jsonl"
grep -q '^quoth: a: document of 51 bytes is over --max-doc-bytes 10 (an error record in ' "$TMP/err" && pass ||
  fail "the error record is not named: $(cat "$TMP/err")"
[ "$(figures "$TMP/out")" = "$(cat "$TMP/figures-empty")" ] && pass ||
  fail "an error record is not scored as predicting nothing: $(figures "$TMP/out") vs $(cat "$TMP/figures-empty")"
expect_status 2 "$QUOTH" eval --gold "$TMP/gold.jsonl" --pred "$TMP/pred.jsonl" --min sentences.f1=0.99
# An error record whose "error" is not an object is still a failed document.
printf '%s\n' '{"id": "a", "error": "gone"}' '{"id": "b"}' >"$TMP/pred-string.jsonl"
expect_status 2 "$QUOTH" eval --gold "$TMP/gold.jsonl" --pred "$TMP/pred-string.jsonl"
grep -q '^quoth: a: "gone"' "$TMP/err" && pass || fail "a string error is not named: $(cat "$TMP/err")"
# The word "error" inside a text or id is no error record.
printf '%s\n' '{"id": "a", "quotes": [{"start": 0, "end": 5, "text": "\"error\""}]}' '{"id": "b"}' >"$TMP/pred-word.jsonl"
expect_status 0 "$QUOTH" eval --gold "$TMP/gold.jsonl" --pred "$TMP/pred-word.jsonl"

finish
