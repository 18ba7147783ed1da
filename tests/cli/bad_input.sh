#!/usr/bin/env bash
# DESIGN.md §4: every kind of bad input yields a record (or an error record) and the right exit
# status; nothing crashes, hangs or is dropped. Fixtures are generated here.
QUOTH=$1 ROOT=$2
source "$ROOT/tests/cli/lib/common.bash"
F=$TMP/in; mkdir -p "$F"

printf '\xEF\xBB\xBF“Hello,” she said.\n' >"$F/bom.txt"
printf 'First line.\r\n“Quoted,” he said.\r\n' >"$F/crlf.txt"
printf 'Old Mac line.\r“Quoted,” he said.\r' >"$F/cr.txt"
printf 'Nul\0byte and \x02control\x03 bytes. “Quote\0d,” he said.\n' >"$F/nul.txt"
: >"$F/empty.txt"
printf '  \n\t\r\n ' >"$F/blank.txt"
printf 'Caf\xE9 “cr\xE8me,” she said.\n' >"$F/latin1.txt"
printf '\xFF\xFEH\0i\0 \0\x1C\x20\x1D\x20' >"$F/utf16.txt"

# Each file: one record, exit 0 under the default replace policy.
for f in bom crlf cr nul empty blank latin1 utf16; do
  expect_status 0 "$QUOTH" "$F/$f.txt"
  json_check "$TMP/out" 'len(recs) == 1 and "error" not in recs[0] and "quotes" in recs[0]'
done
expect_status 0 "$QUOTH" "$F/bom.txt"
json_check "$TMP/out" 'recs[0]["quotes"] == [] or recs[0]["quotes"][0]["start"] == 0'
expect_status 0 "$QUOTH" "$F/utf16.txt"
json_check "$TMP/out" 'recs[0]["id"].endswith("utf16.txt")'

# Invalid UTF-8 under each policy.
expect_status 2 "$QUOTH" --encoding-errors fail "$F/latin1.txt"
json_check "$TMP/out" 'recs[0]["error"]["code"] == "invalid_utf8"'
expect_status 0 "$QUOTH" --encoding-errors skip "$F/latin1.txt"
json_check "$TMP/out" 'all("\ufffd" not in q["text"] for q in recs[0]["quotes"])'
expect_status 0 "$QUOTH" --encoding-errors replace --format csv "$F/latin1.txt"

# The same policies hold for invalid UTF-8 inside a JSONL line (the id survives a failure).
printf '{"id": "lat", "text": "Caf\xE9 \xE2\x80\x9Ccr\xE8me,\xE2\x80\x9D she said."}\n' >"$F/latin1.jsonl"
expect_status 2 "$QUOTH" --encoding-errors fail "$F/latin1.jsonl"
json_check "$TMP/out" 'recs[0]["id"] == "lat" and recs[0]["error"]["code"] == "invalid_utf8" and ":1:" in recs[0]["error"]["message"]'
expect_status 0 "$QUOTH" --encoding-errors skip "$F/latin1.jsonl"
json_check "$TMP/out" '"crme," in recs[0]["quotes"][0]["text"] and "\ufffd" not in recs[0]["quotes"][0]["text"]'
expect_status 0 "$QUOTH" "$F/latin1.jsonl"
json_check "$TMP/out" '"cr\ufffdme," in recs[0]["quotes"][0]["text"]'

# Over --max-doc-bytes: an error record, the others still processed, exit 2.
expect_status 2 "$QUOTH" --max-doc-bytes 20 "$F/crlf.txt" "$F/bom.txt" "$F/empty.txt"
json_check "$TMP/out" 'len(recs) == 3 and recs[0]["error"]["code"] == "too_large" and "error" not in recs[2]'

# A long single line (8 MiB) with the limit raised.
python3 -c "import sys; sys.stdout.write(('The minister said the plan “would work,” aides said. ' * 150000)[:8 << 20])" >"$F/long.txt"
expect_status 0 "$QUOTH" --max-doc-bytes 100000000 "$F/long.txt"
json_check "$TMP/out" 'len(recs) == 1 and "error" not in recs[0]'

# JSONL: a truncated line, a non-object line, a missing text field, a blank line: an error record
# naming the line for each bad one, the good ones processed, exit 2.
cat >"$F/mixed.jsonl" <<'J'
{"id": "a", "text": "“One,” she said."}

[1, 2, 3]
{"id": "c", "title": "no text"}
{"id": "d", "text": "“Two,” he said.", "url": "http://example.org/d"}
{"id": "e", "text": "cut off
J
expect_status 2 "$QUOTH" --keep url "$F/mixed.jsonl"
json_check "$TMP/out" 'len(recs) == 5 and [r["id"] for r in recs][0] == "a" and recs[3]["url"] == "http://example.org/d"'
json_check "$TMP/out" '":3" in recs[1]["error"]["message"] and ":4" in recs[2]["error"]["message"] and ":6" in recs[4]["error"]["message"]'

# An unreadable file: a message, the others go on, exit 2.
expect_status 2 "$QUOTH" "$F/does-not-exist.txt" "$F/crlf.txt"
json_check "$TMP/out" 'len(recs) == 2 and recs[0]["error"]["code"] == "unreadable" and "error" not in recs[1]'
grep -q "does-not-exist" "$TMP/err" && pass || fail "unreadable file not reported on stderr"

# Usage errors exit 2.
expect_status 2 "$QUOTH" --format xml "$F/crlf.txt"
expect_status 2 "$QUOTH" --no-such-option
expect_status 2 "$QUOTH" --rules "$F/does-not-exist.rules" "$F/crlf.txt"
# Thread counts and size limits out of range, and standard input named twice, are usage errors.
for args in "-j 100000" "-j 4294967295" "-j -1" "--max-doc-bytes -1" "--max-doc-bytes 0" \
            "--max-doc-bytes 18446744073709551616" "--max-doc-bytes 12x"; do
  expect_status 2 "$QUOTH" $args "$F/crlf.txt"
done
expect_status 2 "$QUOTH" check -j 100000000 "$F/crlf.txt"
echo 'Text.' | "$QUOTH" - - >"$TMP/out" 2>"$TMP/err"; st=$?
[ "$st" = 2 ] && grep -q "only once" "$TMP/err" && [ ! -s "$TMP/out" ] && pass || fail "'- -': exit $st"
# Output that cannot be written fails every command, not only extract.
for cmd in "rules show" "check --list-rules" "$F/crlf.txt"; do
  $QUOTH $cmd >/dev/full 2>"$TMP/err"; st=$?
  [ "$st" = 2 ] && grep -q "write failed" "$TMP/err" && pass || fail "$cmd >/dev/full: exit $st"
done
# --keep of a field the output record writes itself would duplicate a key.
for field in id quotes entities error sentences; do
  expect_status 2 "$QUOTH" --keep url,$field "$F/mixed.jsonl"
  grep -q -- "--keep $field" "$TMP/err" && pass || fail "--keep $field: no message naming it"
done

# A closed stdout ends quietly with 0.
for i in $(seq 1 3000); do echo '{"id":"'$i'","text":"“Quote number '$i',” the mayor said."}'; done >"$F/many.jsonl"
"$QUOTH" "$F/many.jsonl" 2>"$TMP/err" | head -n 1 >/dev/null
st=${PIPESTATUS[0]}
[ "$st" = 0 ] && [ ! -s "$TMP/err" ] && pass || fail "closed stdout: exit $st, stderr $(cat "$TMP/err")"

finish
