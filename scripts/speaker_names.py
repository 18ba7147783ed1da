#!/usr/bin/env python3
"""Counts gold attributions whose overlapping predicted quote carries the gold speaker name.

    speaker_names.py GOLD.jsonl PRED.jsonl

GOLD holds quotes with "speaker_name" (as ../shared/eval/seed/armenia.gold.jsonl); PRED is quoth's
JSONL output for the same documents. Prints one line per gold quote and the total."""
import json
import sys

gold = {str(d["id"]): d for d in map(json.loads, open(sys.argv[1], encoding="utf-8")) if d}
pred = {str(d["id"]): d for d in map(json.loads, open(sys.argv[2], encoding="utf-8")) if d}
right = total = 0
for doc_id, g in gold.items():
    quotes = pred.get(doc_id, {}).get("quotes", [])
    for gq in g.get("quotes", []):
        if not gq.get("speaker_name"):
            continue
        total += 1
        overlap = lambda q: max(0, min(q["end"], gq["end"]) - max(q["start"], gq["start"]))
        best = max(quotes, key=overlap, default=None)
        name = best["speaker"]["name"] if best and overlap(best) > 0 and best.get("speaker") else None
        right += name == gq["speaker_name"]
        print(f"{'ok ' if name == gq['speaker_name'] else 'BAD'} {gq['speaker_name']!r:24} {name!r:24} {gq['text'][:50]!r}")
print(f"{right} of {total} attributions carry the gold speaker name")
