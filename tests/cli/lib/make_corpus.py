"""Writes a JSONL corpus of N copies of the given text files (ids: COPY-NAME) to stdout."""
import json
import os
import sys

n = int(sys.argv[1])
texts = [(os.path.basename(p), open(p, encoding="utf-8").read()) for p in sorted(sys.argv[2:])]
for i in range(1, n + 1):
    for name, text in texts:
        print(json.dumps({"id": f"{i}-{name}", "text": text}, ensure_ascii=False))
