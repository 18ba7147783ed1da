# Shared by the CLI test scripts: `source` it after setting QUOTH and ROOT.
# Usage in a script: QUOTH=$1 ROOT=$2; source "$ROOT/tests/cli/lib/common.bash"
set -u
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILS=0
PASSES=0

pass() { PASSES=$((PASSES + 1)); }
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }

# expect_status WANT CMD...: runs CMD, checks its exit status.
expect_status() {
  local want=$1; shift
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" = "$want" ]; then pass; else fail "exit $got, wanted $want: $* (stderr: $(head -c 300 "$TMP/err"))"; fi
}

# json_check FILE PYTHON_EXPR: evaluates EXPR with `recs` = the JSONL records of FILE.
json_check() {
  local file=$1 expr=$2
  if python3 - "$file" "$expr" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
ok = eval(sys.argv[2])
sys.exit(0 if ok else 1)
PY
  then pass; else fail "check failed on $file: $expr"; fi
}

finish() {
  echo "$PASSES passed, $FAILS failed"
  [ "$FAILS" = 0 ]
}
