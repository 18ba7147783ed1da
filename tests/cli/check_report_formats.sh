#!/usr/bin/env bash
# quoth check --report-format: jsonl, github annotations, SARIF 2.1.0 (valid JSON), JUnit XML.
set -u
quoth=$1 src=$2 fx=$2/tests/fixtures/check
fail=0
out=$(mktemp) ; trap 'rm -f "$out"' EXIT
run() { "$quoth" check -q --no-config "$@" >"$out" 2>/dev/null; }
has() { grep -qF -- "$1" "$out" || { echo "FAIL: $2 report lacks: $1"; cat "$out"; fail=1; }; }

run --report-format github "$fx/quotes.txt" "$fx/bad_bytes.txt"
[ $? = 1 ] || { echo "FAIL: github: exit status"; fail=1; }
has "::warning file=$fx/quotes.txt,line=3,col=1,title=quoth unbalanced-quotes::opening “ is not closed in its paragraph" github
has "::notice file=$fx/quotes.txt,line=5,col=23,title=quoth mixed-quote-styles::" github
has "::error file=$fx/bad_bytes.txt,line=1,col=20,title=quoth control-character::NUL byte" github

run --report-format jsonl "$fx/quotes.txt"
has '{"file":"'"$fx"'/quotes.txt","line":3,"column":1,"id":"'"$fx"'/quotes.txt","rule":"unbalanced-quotes","severity":"warning","message":"opening “ is not closed in its paragraph"}' jsonl
[ "$(wc -l <"$out")" = 4 ] || { echo "FAIL: jsonl: want 4 lines"; cat "$out"; fail=1; }

run --report-format sarif "$fx/quotes.txt" "$fx/bad_bytes.txt" "$fx/clean.txt"
has '"version":"2.1.0"' sarif
has '"ruleId":"control-character","ruleIndex":1,"level":"error"' sarif
has '"level":"note"' sarif
has '"region":{"startLine":1,"startColumn":20}' sarif
if command -v python3 >/dev/null; then
  python3 - "$out" <<'PY' || { echo "FAIL: sarif is not the expected JSON"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["version"] == "2.1.0" and "sarif-2.1.0" in d["$schema"]
run = d["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert len(run["results"]) == 6, len(run["results"])
for r in run["results"]:
    assert r["level"] in ("error", "warning", "note")
    assert rules[r["ruleIndex"]] == r["ruleId"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    assert loc["artifactLocation"]["uri"].endswith(".txt")
PY
fi
# No findings at all is still a valid SARIF log.
run --report-format sarif "$fx/clean.txt"
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["runs"][0]["results"] == []' "$out" ||
    { echo "FAIL: empty sarif"; fail=1; }
fi

run --report-format junit --fail-on warning "$fx/quotes.txt" "$fx/clean.txt" "$fx/bad_bytes.txt"
has '<testsuites name="quoth check" tests="3" failures="2" errors="0">' junit
has "<failure message=\"3 findings at or above warning\" type=\"warning\">" junit
has "<testcase classname=\"$fx/clean.txt\" name=\"$fx/clean.txt\"/>" junit
has "<system-out>$fx/quotes.txt:5:23: info: quotations opened with straight &quot; here" junit
if command -v python3 >/dev/null; then
  python3 -c 'import sys, xml.etree.ElementTree as ET; r=ET.parse(sys.argv[1]).getroot(); assert r.tag=="testsuites" and len(r.find("testsuite").findall("testcase"))==3' "$out" ||
    { echo "FAIL: junit is not well-formed XML"; fail=1; }
fi
run --report-format junit "$fx/no-such-file.txt"
has '<error message="cannot open' junit
exit $fail
