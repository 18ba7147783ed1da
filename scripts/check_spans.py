#!/usr/bin/env python3
"""Checks that every span's "text" equals the slice of the input text in the given offset unit.

    check_spans.py INPUT.jsonl OUTPUT.jsonl codepoint|byte|utf16

INPUT is JSONL with "id" and "text"; OUTPUT is quoth's JSONL for it. Prints the number of spans
checked and exits 1 on the first mismatch."""
import json
import sys


def slicer(text, unit):
    if unit == "byte":
        data = text.encode("utf-8", "surrogatepass")
        return lambda s, e: data[s:e].decode("utf-8", "replace")
    if unit == "utf16":
        data = text.encode("utf-16-le", "surrogatepass")
        return lambda s, e: data[2 * s:2 * e].decode("utf-16-le", "replace")
    return lambda s, e: text[s:e]


def spans(rec):
    for q in rec.get("quotes", []):
        yield q
        for k in ("speaker", "cue"):
            if q.get(k):
                yield q[k]
    for e in rec.get("entities", []):
        yield from e.get("mentions", [])


def main():
    inp, out, unit = sys.argv[1:4]
    texts = {}
    for line in open(inp, encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            texts[str(d.get("id"))] = d.get("text", "")
    n = 0
    for line in open(out, encoding="utf-8"):
        rec = json.loads(line)
        if "error" in rec:
            continue
        cut = slicer(texts[rec["id"]], unit)
        for s in spans(rec):
            n += 1
            if cut(s["start"], s["end"]) != s["text"]:
                print(f"{rec['id']}: [{s['start']},{s['end']}) {unit}: {s['text']!r} != {cut(s['start'], s['end'])!r}")
                sys.exit(1)
    print(f"{n} spans checked in {unit} units: all equal the input slice")


if __name__ == "__main__":
    main()
