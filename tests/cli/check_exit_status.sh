#!/usr/bin/env bash
# quoth check: exit 0 / 1 by --fail-on, 2 for an unreadable input, and the text report's lines.
set -u
quoth=$1 src=$2 fx=$2/tests/fixtures/check
fail=0
expect() {  # expect STATUS ARGS...
  local want=$1; shift
  "$quoth" check -q --no-config "$@" >/tmp/quoth_check_$$.out 2>/tmp/quoth_check_$$.err
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: quoth check $* exited $got, want $want"; cat /tmp/quoth_check_$$.out /tmp/quoth_check_$$.err; fail=1
  fi
}
has() {  # has PATTERN: the last report contains this fixed string
  grep -qF -- "$1" /tmp/quoth_check_$$.out || { echo "FAIL: report lacks: $1"; cat /tmp/quoth_check_$$.out; fail=1; }
}

expect 0 "$fx/clean.txt"
[ -s /tmp/quoth_check_$$.out ] && { echo "FAIL: clean.txt has findings"; cat /tmp/quoth_check_$$.out; fail=1; }
expect 0 --fail-on info "$fx/clean.txt"

# quotes.txt: warnings and an info only.
expect 0 "$fx/quotes.txt"
has "quotes.txt:3:1: warning: opening “ is not closed in its paragraph [unbalanced-quotes]"
has "quotes.txt:5:23: info: quotations opened with straight \" here but with curly “” earlier [mixed-quote-styles]"
has "quotes.txt:5:29: warning: closing ” does not match the opening \" [mismatched-quotes]"
has "quotes.txt:7:17: warning: closing » does not match the opening “ [mismatched-quotes]"
expect 1 --fail-on warning "$fx/quotes.txt"
expect 1 --fail-on info "$fx/quotes.txt"
expect 0 --fail-on warning --disable unbalanced-quotes,mismatched-quotes "$fx/quotes.txt"
expect 1 --fail-on info --disable unbalanced-quotes,mismatched-quotes "$fx/quotes.txt"

# bad_bytes.txt: errors.
expect 1 "$fx/bad_bytes.txt"
has "bad_bytes.txt:1:20: error: NUL byte [control-character]"
has "bad_bytes.txt:2:18: error: invalid UTF-8 byte 0xE9 [invalid-utf8]"
expect 0 --fail-on never "$fx/bad_bytes.txt"

# A document over --max-doc-bytes.
expect 1 --max-doc-bytes 10 "$fx/clean.txt"
has "clean.txt:1:1: error: document of"
has "[document-too-large]"

# JSONL: line of the record, column = 1 + code point offset in the text; a bad line is exit 2.
expect 2 "$fx/corpus.jsonl"
has "corpus.jsonl:2:16: warning: opening “ is not closed in its paragraph [unbalanced-quotes]"
has "corpus.jsonl:3:5: error: control character U+0007 [control-character]"
has "corpus.jsonl:4:1: error:"
has "[read-error]"
grep -q "corpus.jsonl:4" /tmp/quoth_check_$$.err || { echo "FAIL: no read error message on stderr"; fail=1; }

# Unreadable file: exit 2 even with --fail-on never, and the other inputs are still checked.
expect 2 --fail-on never "$fx/no-such-file.txt" "$fx/bad_bytes.txt"
has "bad_bytes.txt:1:20: error: NUL byte"

# Standard input.
printf 'He said \xe2\x80\x9cno.\n' | "$quoth" check -q --no-config --fail-on warning >/tmp/quoth_check_$$.out 2>&1
[ $? = 1 ] || { echo "FAIL: stdin finding did not exit 1"; fail=1; }
has "<stdin>:1:9: warning: opening “ is not closed"

# A direct quotation with no speaker (the pipeline's analysis): info.
printf '\xe2\x80\x9cThe bridge is closed.\xe2\x80\x9d\n' >/tmp/quoth_check_nospeaker_$$.txt
expect 0 --fail-on warning /tmp/quoth_check_nospeaker_$$.txt
expect 1 --fail-on info /tmp/quoth_check_nospeaker_$$.txt
has "quoth_check_nospeaker_$$.txt:1:1: info: direct quotation with no speaker: “The bridge is closed.” [quote-without-speaker]"
expect 0 --fail-on info --disable quote-without-speaker /tmp/quoth_check_nospeaker_$$.txt
rm -f /tmp/quoth_check_nospeaker_$$.txt

# Empty document; usage errors.
: >/tmp/quoth_check_empty_$$.txt
expect 1 --fail-on warning /tmp/quoth_check_empty_$$.txt
has "empty document [empty-document]"
expect 2 --fail-on sometimes "$fx/clean.txt"
expect 2 --disable no-such-rule "$fx/clean.txt"
expect 0 --list-rules
has "quote-without-speaker"

# --stats and --progress always: on stderr only; the report on stdout is unchanged (clean.txt adds
# no line to it).
"$quoth" check --no-config "$fx/quotes.txt" >/tmp/quoth_check_plain_$$.out 2>/dev/null
"$quoth" check --no-config --stats --progress always "$fx/quotes.txt" "$fx/clean.txt" \
  >/tmp/quoth_check_$$.out 2>/tmp/quoth_check_$$.err
grep -q "^quoth check: 2 documents, 1 with findings" /tmp/quoth_check_$$.err || { echo "FAIL: no summary line"; cat /tmp/quoth_check_$$.err; fail=1; }
grep -Eq "^quoth check: [0-9.]+ MB in [0-9.]+ s: [0-9.]+ MB/s, [0-9]+ documents/s, 1 thread$" /tmp/quoth_check_$$.err ||
  { echo "FAIL: --stats line missing"; cat /tmp/quoth_check_$$.err; fail=1; }
grep -q "quoth: 2 documents, [0-9.]* MB" /tmp/quoth_check_$$.err || { echo "FAIL: --progress always shows no line"; cat /tmp/quoth_check_$$.err; fail=1; }
cmp -s /tmp/quoth_check_$$.out /tmp/quoth_check_plain_$$.out || { echo "FAIL: --stats/--progress changed the report"; fail=1; }
"$quoth" check --no-config --progress never "$fx/quotes.txt" "$fx/clean.txt" >/dev/null 2>/tmp/quoth_check_$$.err
grep -q "MB/s" /tmp/quoth_check_$$.err && { echo "FAIL: --progress never still shows a line"; fail=1; }
rm -f /tmp/quoth_check_plain_$$.out

rm -f /tmp/quoth_check_$$.out /tmp/quoth_check_$$.err /tmp/quoth_check_empty_$$.txt
exit $fail
