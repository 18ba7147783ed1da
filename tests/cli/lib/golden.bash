# One golden case, shared by tests/cli/golden.sh (compares) and tests/golden/regenerate.sh (writes).
# golden_run QUOTH NAME OUT: runs QUOTH with the arguments of NAME.args (one per line) and
# NAME.stdin (or nothing) as input, from the current directory; stdout goes to OUT; returns the
# exit status.
golden_run() {
  local quoth=$1 name=$2 out=$3 argv stdin=/dev/null
  mapfile -t argv <"$name.args"
  [ -f "$name.stdin" ] && stdin=$name.stdin
  "$quoth" "${argv[@]}" <"$stdin" >"$out" 2>/dev/null
}
