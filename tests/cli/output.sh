#!/usr/bin/env bash
# Output contract: formats, -o written atomically, stdin equals file input, -j N equals -j 1,
# --sentences, --keep.
QUOTH=$1 ROOT=$2
source "$ROOT/tests/cli/lib/common.bash"
S=$ROOT/samples

# Text file, stdin and JSONL input give the same quotes.
expect_status 0 "$QUOTH" "$S/harbour.txt"; cp "$TMP/out" "$TMP/file.jsonl"
"$QUOTH" <"$S/harbour.txt" >"$TMP/stdin.jsonl" || fail "stdin run"
python3 -c 'import json,sys; print(json.dumps({"id":"h","text":open(sys.argv[1]).read()}))' "$S/harbour.txt" >"$TMP/h.jsonl"
"$QUOTH" --input-format jsonl "$TMP/h.jsonl" >"$TMP/jsonl.jsonl" || fail "jsonl run"
python3 - "$TMP/file.jsonl" "$TMP/stdin.jsonl" "$TMP/jsonl.jsonl" <<'PY' && pass || fail "text, stdin and JSONL input disagree"
import json, sys
recs = [json.loads(open(p).read()) for p in sys.argv[1:]]
assert len(recs[0]["quotes"]) > 0
for r in recs[1:]:
    assert r["quotes"] == recs[0]["quotes"] and r["entities"] == recs[0]["entities"]
PY

# --format json is one array; --sentences adds sentence spans.
expect_status 0 "$QUOTH" --format json --sentences "$S"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d,list) and len(d)==3 and all("sentences" in r for r in d)' "$TMP/out" && pass || fail "json array"
expect_status 2 "$QUOTH" --format json "$TMP/does-not-exist"  # an error record inside the array
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[0]["error"]["code"]=="unreadable"' "$TMP/out" && pass || fail "error record in json array"
expect_status 0 "$QUOTH" --format json </dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d,list)' "$TMP/out" && pass || fail "json array on empty input"

# CSV quotes table: header + rectangular rows.
expect_status 0 "$QUOTH" --format csv --table quotes "$S"
python3 -c '
import csv,sys
rows=list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][:4]==["id","type","start","end"] and len(rows)>1
assert all(len(r)==len(rows[0]) for r in rows)' "$TMP/out" && pass || fail "csv table"

# -o writes atomically: no temporary file left, the target appears whole.
expect_status 0 "$QUOTH" -o "$TMP/result.jsonl" "$S"
[ "$(wc -l <"$TMP/result.jsonl")" = 3 ] && pass || fail "-o output"
ls "$TMP" | grep -q 'tmp-' && fail "temporary file left behind" || pass
expect_status 2 "$QUOTH" -o "$TMP/no/such/dir/out.jsonl" "$S"
# The run's own output, inside a directory it walks, is not read back as input: not through a
# redirection, not -o's temporary file, not the file -o replaces.
mkdir -p "$TMP/walk"
for i in $(seq 1 300); do echo "“Quote $i,” the mayor said." >"$TMP/walk/a$i.txt"; done
"$QUOTH" "$TMP/walk" >"$TMP/walk/out.jsonl"; st=$?
[ "$st" = 0 ] && [ "$(wc -l <"$TMP/walk/out.jsonl")" = 300 ] && pass || fail "walk into stdout file: exit $st, $(wc -l <"$TMP/walk/out.jsonl") records"
rm "$TMP/walk/out.jsonl"
for run in 1 2; do
  expect_status 0 "$QUOTH" -o "$TMP/walk/o.jsonl" "$TMP/walk"
  [ "$(wc -l <"$TMP/walk/o.jsonl")" = 300 ] && pass || fail "walk into -o file, run $run: $(wc -l <"$TMP/walk/o.jsonl") records"
done
grep -q 'tmp-' "$TMP/walk/o.jsonl" && fail "the -o temporary file was read" || pass

# --no-default-gazetteer leaves the place names of the default gazetteer unknown.
echo 'Officials in Armenia met on Monday.' | "$QUOTH" >"$TMP/gaz-on" && \
  json_check "$TMP/gaz-on" '[e["type"] for e in recs[0]["entities"] if e["name"] == "Armenia"] == ["GPE"]'
echo 'Officials in Armenia met on Monday.' | "$QUOTH" --no-default-gazetteer >"$TMP/gaz-off" && \
  json_check "$TMP/gaz-off" '"GPE" not in [e["type"] for e in recs[0]["entities"]]'

# A new file gets 0666 less the umask; a replaced file keeps its mode.
(umask 027 && "$QUOTH" -o "$TMP/new-mode.jsonl" "$S")
[ "$(stat -c %a "$TMP/new-mode.jsonl")" = 640 ] && pass || fail "new -o file mode $(stat -c %a "$TMP/new-mode.jsonl")"
chmod 600 "$TMP/result.jsonl"
expect_status 0 "$QUOTH" -o "$TMP/result.jsonl" "$S"
[ "$(stat -c %a "$TMP/result.jsonl")" = 600 ] && pass || fail "replaced -o file mode $(stat -c %a "$TMP/result.jsonl")"

# Threads: byte-identical output in input order.
python3 "$ROOT/tests/cli/lib/make_corpus.py" 400 "$ROOT"/samples/*.txt >"$TMP/corpus.jsonl"
"$QUOTH" -j 1 "$TMP/corpus.jsonl" >"$TMP/j1" || fail "-j 1"
"$QUOTH" -j 2 "$TMP/corpus.jsonl" >"$TMP/j2" || fail "-j 2"
"$QUOTH" -j 0 "$TMP/corpus.jsonl" >"$TMP/j0" || fail "-j 0"
cmp -s "$TMP/j1" "$TMP/j2" && cmp -s "$TMP/j1" "$TMP/j0" && pass || fail "-j output differs from -j 1"
[ "$(wc -l <"$TMP/j1")" = 1200 ] && pass || fail "documents in != records out"

# A document whose record is larger than the writer's buffer is streamed: the same bytes on
# standard output, through -o and with -j 2, one valid record, and an error record after it.
python3 - "$TMP/big.txt" "$S"/*.txt <<'PY'
import sys
texts = [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("\n\n".join(texts * (1 + (2 << 20) // sum(len(t) for t in texts))))
PY
"$QUOTH" --sentences "$TMP/big.txt" >"$TMP/big1.jsonl" || fail "large document"
"$QUOTH" --sentences -j 2 "$TMP/big.txt" >"$TMP/big2.jsonl" || fail "large document, -j 2"
"$QUOTH" --sentences -o "$TMP/big-o.jsonl" "$TMP/big.txt" || fail "large document, -o"
cmp -s "$TMP/big1.jsonl" "$TMP/big2.jsonl" && cmp -s "$TMP/big1.jsonl" "$TMP/big-o.jsonl" && pass || fail "large document output differs"
[ "$(stat -c %s "$TMP/big1.jsonl")" -gt $((2 << 20)) ] && pass || fail "large document record is too small to test streaming"
json_check "$TMP/big1.jsonl" 'len(recs) == 1 and len(recs[0]["quotes"]) > 100 and len(recs[0]["sentences"]) > 1000'
expect_status 2 "$QUOTH" --format json "$TMP/big.txt" "$TMP/does-not-exist"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==2 and len(d[0]["quotes"])>100 and d[1]["error"]["code"]=="unreadable"' "$TMP/out" && pass || fail "large record then error record in json array"
"$QUOTH" "$TMP/big.txt" | head -c 1000 >/dev/null
[ "${PIPESTATUS[0]}" = 0 ] && pass || fail "reader closing the pipe inside a large record"
# Records past the threaded writer's buffer (8 MiB) between ordinary ones: -j 2 equals -j 1.
python3 - "$TMP/mixed.jsonl" "$S"/*.txt <<'PY'
import json, sys
texts = [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
big = "\n\n".join(texts * (1 + (5 << 20) // sum(len(t) for t in texts)))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(900):
        text = big if i in (300, 301, 700) else texts[i % len(texts)]
        f.write(json.dumps({"id": f"m{i}", "text": text}) + "\n")
PY
"$QUOTH" --sentences "$TMP/mixed.jsonl" >"$TMP/mixed1.jsonl" || fail "mixed corpus"
"$QUOTH" --sentences -j 2 "$TMP/mixed.jsonl" >"$TMP/mixed2.jsonl" || fail "mixed corpus, -j 2"
"$QUOTH" --sentences -j 2 -o "$TMP/mixed-o.jsonl" "$TMP/mixed.jsonl" || fail "mixed corpus, -j 2 -o"
cmp -s "$TMP/mixed1.jsonl" "$TMP/mixed2.jsonl" && cmp -s "$TMP/mixed1.jsonl" "$TMP/mixed-o.jsonl" && pass || fail "mixed corpus: -j 2 differs from -j 1"
python3 -c 'import sys; n=[len(l) for l in open(sys.argv[1], "rb")]; assert len(n)==900 and sorted(n)[-3] > (8 << 20)' "$TMP/mixed1.jsonl" && pass || fail "mixed corpus records"
"$QUOTH" -j 2 "$TMP/mixed.jsonl" | head -c 100000 >/dev/null
[ "${PIPESTATUS[0]}" = 0 ] && pass || fail "reader closing the pipe inside a large record, -j 2"

# --keep passes fields through.
echo '{"id":"k","text":"“Yes,” she said.","url":"http://e.org","meta":{"a":[1,2]}}' | "$QUOTH" --keep url,meta >"$TMP/keep.jsonl"
json_check "$TMP/keep.jsonl" 'recs[0]["url"] == "http://e.org" and recs[0]["meta"] == {"a": [1, 2]}'

# -o onto a named pipe writes into the pipe (it stays a pipe); through a symbolic link, the file
# it points to is replaced and the link stays.
"$QUOTH" "$S" >"$TMP/direct.jsonl" || fail "stdout run"
mkfifo "$TMP/pipe"
timeout 30 cat "$TMP/pipe" >"$TMP/from_pipe.jsonl" &
reader=$!
expect_status 0 "$QUOTH" -o "$TMP/pipe" "$S"
wait $reader
[ -p "$TMP/pipe" ] && cmp -s "$TMP/direct.jsonl" "$TMP/from_pipe.jsonl" && pass || fail "-o onto a named pipe"
ls "$TMP" | grep -q 'tmp-' && fail "temporary file left beside the pipe" || pass
mkdir "$TMP/real" && echo old >"$TMP/real/target.jsonl" && ln -s "$TMP/real/target.jsonl" "$TMP/link.jsonl"
expect_status 0 "$QUOTH" -o "$TMP/link.jsonl" "$S"
[ -L "$TMP/link.jsonl" ] && cmp -s "$TMP/direct.jsonl" "$TMP/real/target.jsonl" && pass || fail "-o through a symbolic link"
expect_status 2 "$QUOTH" -o "$TMP/real" "$S"
grep -q 'is a directory' "$TMP/err" && pass || fail "-o onto a directory"

# Every span's text equals the input slice in each offset unit (astral characters included).
for unit in codepoint byte utf16; do
  "$QUOTH" --offsets $unit "$ROOT/tests/fixtures/unicode.jsonl" >"$TMP/u.jsonl" || fail "--offsets $unit"
  python3 "$ROOT/scripts/check_spans.py" "$ROOT/tests/fixtures/unicode.jsonl" "$TMP/u.jsonl" $unit >/dev/null && pass || fail "spans in $unit units"
done
python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; assert sum(len(x["quotes"]) for x in r) >= 3' "$TMP/u.jsonl" && pass || fail "unicode fixture quotes"

# QUOTH_TRACE_RULES shows each matched sentence's class string and candidates on stderr only.
printf '%s\n' '“We will rebuild the bridge,” the mayor said.' >"$TMP/trace.txt"
QUOTH_TRACE_RULES=1 "$QUOTH" "$TMP/trace.txt" >"$TMP/trace.out" 2>"$TMP/trace.err" || fail "trace run"
grep -q '^classes:  Q,DlV\.$' "$TMP/trace.err" && grep -q 'rule quote-speaker-verb: speaker \[the mayor\] cue \[said\]' "$TMP/trace.err" &&
  ! grep -q 'classes' "$TMP/trace.out" && pass || fail "rule trace on stderr"
"$QUOTH" "$TMP/trace.txt" 2>"$TMP/notrace.err" >/dev/null; [ ! -s "$TMP/notrace.err" ] && pass || fail "no trace unless asked"

finish
