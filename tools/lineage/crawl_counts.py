#!/usr/bin/python3
"""Extract the crawl's own child counts and child lists from the Hub model-tree CSVs.

One JSON object per crawled row, in file order:
  root        the crawl's base model (the depth-0 row of the file)
  model_id    the model id (from the row's metadata; the model_id column, URL prefix removed, when
              the metadata is unusable)
  metadata_ok false for rows whose metadata is missing or not JSON (left out of the snapshot)
  depth       the crawl's depth column
  counts      {finetune, adapter, quantized, merge}: the *_count columns (children_count is the
              fine-tune count); null when the file has no such column or leaves it empty
  children    {finetune, adapter, quantized, merge}: the listed child ids, URL prefix removed

Usage: tools/lineage/crawl_counts.py OUT.jsonl TREE.csv [TREE.csv ...]
"""
import ast
import csv
import json
import os
import sys

csv.field_size_limit(10**9)
PREFIX = "https://huggingface.co/"
COLUMNS = {"finetune": "children", "adapter": "adapters", "quantized": "quantized", "merge": "merges"}


def strip(value):
    value = value.strip()
    return value[len(PREFIX):] if value.startswith(PREFIX) else value


def child_list(text):
    text = (text or "").strip()
    if not text:
        return []
    items = ast.literal_eval(text) if text.startswith("[") else text.split(",")
    return [strip(item) for item in items if item.strip()]


def count(text):
    text = (text or "").strip()
    return int(float(text)) if text else None


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        root = None
        for row in csv.DictReader(f):
            try:
                model_id, ok = json.loads(row["metadata"])["id"], True
            except (json.JSONDecodeError, KeyError, TypeError):
                model_id, ok = strip(row["model_id"]), False
            root = root or model_id
            yield {
                "root": root,
                "model_id": model_id,
                "metadata_ok": ok,
                "depth": int(row["depth"]),
                "counts": {kind: count(row.get(col + "_count")) if col in row else None for kind, col in COLUMNS.items()},
                "children": {kind: child_list(row.get(col)) for kind, col in COLUMNS.items()},
            }


def main(out, files):
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for path in files:
            for row in rows(path):
                f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
                n += 1
    print(f"{n} rows from {len(files)} files written to {os.path.basename(out)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
