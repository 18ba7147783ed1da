#!/usr/bin/env bash
# quoth check configuration: .quoth.json in the current directory, --config FILE, --no-config, and
# configuration errors (exit 2).
set -u
quoth=$1 src=$2 fx=$2/tests/fixtures/check
fail=0
dir=$(mktemp -d) ; trap 'rm -rf "$dir"' EXIT
expect() {  # expect STATUS ARGS... (run in $dir)
  local want=$1; shift
  (cd "$dir" && "$quoth" check -q "$@" >"$dir/out" 2>"$dir/err")
  local got=$?
  [ "$got" = "$want" ] || { echo "FAIL: quoth check $* exited $got, want $want"; cat "$dir/out" "$dir/err"; fail=1; }
}

# relaxed.quoth.json: fail-on warning; unbalanced and mixed off; mismatched down to info.
expect 1 --fail-on warning "$fx/quotes.txt"
expect 0 --config "$fx/relaxed.quoth.json" "$fx/quotes.txt"
grep -q "info: closing ” does not match" "$dir/out" || { echo "FAIL: mismatched-quotes not at info"; fail=1; }
grep -q "unbalanced-quotes\|mixed-quote-styles" "$dir/out" && { echo "FAIL: disabled rules reported"; fail=1; }
# The config's fail-on applies: errors still fail; the command line wins over it.
expect 1 --config "$fx/relaxed.quoth.json" "$fx/bad_bytes.txt"
expect 1 --config "$fx/relaxed.quoth.json" --fail-on info "$fx/quotes.txt"

# Found in the current directory; ignored with --no-config.
cp "$fx/relaxed.quoth.json" "$dir/.quoth.json"
expect 0 "$fx/quotes.txt"
expect 1 --no-config --fail-on warning "$fx/quotes.txt"
printf '{"fail-on": "warning"}\n' >"$dir/.quoth.json"
expect 1 "$fx/quotes.txt"
printf '{"max-doc-bytes": 10}\n' >"$dir/.quoth.json"
expect 1 "$fx/clean.txt"
grep -q "document-too-large" "$dir/out" || { echo "FAIL: max-doc-bytes from config"; fail=1; }
expect 0 --max-doc-bytes 100000 "$fx/clean.txt"
rm "$dir/.quoth.json"

# Bad configurations: exit 2 with a message naming the file.
expect 2 --config "$fx/unknown_rule.quoth.json" "$fx/clean.txt"
grep -q 'unknown rule "no-such-rule"' "$dir/err" || { echo "FAIL: unknown rule message"; cat "$dir/err"; fail=1; }
expect 2 --config "$fx/broken.quoth.json" "$fx/clean.txt"
grep -q "broken.quoth.json:[0-9]*:[0-9]*: not valid JSON" "$dir/err" || { echo "FAIL: broken config message"; cat "$dir/err"; fail=1; }
expect 2 --config "$dir/missing.json" "$fx/clean.txt"
printf '{"rules": {"invalid-utf8": "fatal"}}' >"$dir/bad.json"
expect 2 --config "$dir/bad.json" "$fx/clean.txt"
printf '{"color": true}' >"$dir/bad.json"
expect 2 --config "$dir/bad.json" "$fx/clean.txt"
exit $fail
