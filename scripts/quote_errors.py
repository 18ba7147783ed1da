#!/usr/bin/env python3
"""Lists quoth's direct-quote errors against a gold quotes file, scored as the referee
(../shared/eval/score.py) scores them: missed gold direct quotes, predicted direct quotes that
count as false positives, and matched direct quotes whose speaker is missing or wrong.

    scripts/quote_errors.py --gold GOLD.jsonl --pred PRED.jsonl [--kind miss|fp|nospk|wrongspk] [--limit N]

Meant for the training split only: tune on train, check on dev without reading dev's errors."""
import argparse
import importlib.util
import json
import os
import sys
from collections import Counter

ap = argparse.ArgumentParser()
ap.add_argument("--gold", required=True)
ap.add_argument("--pred", required=True)
ap.add_argument("--kind", default="all")
ap.add_argument("--limit", type=int, default=40)
ap.add_argument("--score", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval", "score.py"))
args = ap.parse_args()
spec = importlib.util.spec_from_file_location("score", args.score)
score = importlib.util.module_from_spec(spec)
sys.argv = ["score"]
spec.loader.exec_module(score)

gold = {json.loads(l)["id"]: json.loads(l) for l in open(args.gold, encoding="utf-8") if l.strip()}
pred = {}
for l in open(args.pred, encoding="utf-8"):
    if l.strip():
        d = json.loads(l)
        pred[d["id"]] = d

counts = Counter()
shown = Counter()
per_doc = Counter()


def ctx(text, a, b, pad=120):
    return (text[max(0, a - pad):a] + "[[" + text[a:b] + "]]" + text[b:b + pad]).replace("\n", " ⏎ ")


def show(kind, doc_id, msg):
    counts[kind] += 1
    per_doc[(kind, doc_id)] += 1
    if args.kind in ("all", kind) and shown[kind] < args.limit:
        shown[kind] += 1
        print(f"--- {kind} {doc_id}\n{msg}")


for doc_id, g in gold.items():
    text = g["text"]
    gq = [q for q in score.expand_parts(text, g.get("quotes", [])) if q["end"] > q["start"]]
    pq, pspans = [], []
    for q in pred.get(doc_id, {}).get("quotes", []):
        a, b = score.span(q, len(text))
        if b > a:
            pq.append(q)
            pspans.append(score.trim(text, a, b))
    gspans = [score.trim(text, *score.span(q)) for q in gq]
    m = score.match(gspans, pspans, 0.5)
    room = [int(q.get("type") == "direct") for q in gq]
    for gi, pi in m.items():
        if pq[pi].get("type") == "direct":
            room[gi] -= 1
    for gi, q in enumerate(gq):
        if q.get("type") != "direct":
            continue
        if gi not in m:
            near = [f"{p['type']}:{text[p['start']:p['end']][:80]!r}" for p in pq
                    if min(p["end"], q["end"]) > max(p["start"], q["start"])]
            show("miss", doc_id, ctx(text, q["start"], q["end"]) + f"\n   overlapping preds: {near}")
            continue
        if not q.get("speaker_span"):
            continue
        p = pq[m[gi]]
        gs = q["speaker_span"]
        if not p.get("speaker"):
            show("nospk", doc_id, ctx(text, q["start"], q["end"]) + f"\n   gold speaker {gs['text']!r} at {gs['start'] - q['start']:+d}")
        elif not score.speaker_ok(q, p):
            show("wrongspk", doc_id, ctx(text, q["start"], q["end"]) +
                 f"\n   gold speaker {gs['text']!r} at {gs['start'] - q['start']:+d}; pred {p['speaker']['text']!r} at {p['speaker']['start'] - q['start']:+d} cue {(p.get('cue') or {}).get('text')!r}")
    matched_p = set(m.values())
    for pi, q in enumerate(pq):
        if q.get("type") != "direct" or pi in matched_p:
            continue
        ok = False
        for gi, gs in enumerate(gspans):
            if room[gi] > 0 and score.inside(pspans[pi], gs) >= 0.9:
                room[gi] -= 1
                ok = True
                break
        if not ok:
            near = [f"{x['type']}:{x['text'][:80]!r}" for x in gq if min(x["end"], q["end"]) > max(x["start"], q["start"])]
            show("fp", doc_id, ctx(text, q["start"], q["end"]) + f"\n   overlapping gold: {near}")

print("\ncounts:", dict(counts))
print("docs with most errors:", [(k, v) for k, v in per_doc.most_common(8)])
