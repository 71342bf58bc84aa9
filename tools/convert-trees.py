#!/usr/bin/python3
"""Convert the Hub model-tree crawls (CSV) into the OpenAccess snapshot format.

Snapshot format: one Hugging Face Hub model-info JSON object per line (the field names of
GET /api/models/{id}), gzip-compressed, plus `card`: the model card's README text where the crawl
has it (the Hub's model API does not return it; the harvester keeps a bounded summary of it). Rows whose metadata is missing or not JSON are reported
on stderr and left out: they are real bad records of the crawl.

Usage: tools/convert-trees.py OUT.jsonl.gz TREE.csv [TREE.csv ...]
"""
import csv
import datetime
import gzip
import json
import sys

import yaml

csv.field_size_limit(10**9)

KEEP = ["id", "author", "sha", "createdAt", "lastModified", "private", "gated", "disabled",
        "downloads", "likes", "library_name", "pipeline_tag", "tags", "cardData", "config",
        "safetensors", "gguf", "siblings", "card"]


def hub_time(value):
    """'2023-11-08 16:03:23+00:00' -> '2023-11-08T16:03:23.000Z', the Hub API's own form."""
    if not value:
        return None
    t = datetime.datetime.fromisoformat(value).astimezone(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def card_data(text, model_id):
    if text is None or isinstance(text, dict):
        return text
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        print(f"{model_id}: card metadata is not YAML ({e.__class__.__name__}); left out", file=sys.stderr)
        return None
    return data if isinstance(data, dict) else None


def siblings(listed):
    """The crawl printed each sibling as Python's repr, RepoSibling(rfilename='x', ...); the Hub API's form is {"rfilename": "x"}."""
    if not isinstance(listed, list):
        return None
    prefix, files = "RepoSibling(rfilename='", []
    for entry in listed:
        if isinstance(entry, dict) and isinstance(entry.get("rfilename"), str):
            files.append({"rfilename": entry["rfilename"]})
        elif isinstance(entry, str) and entry.startswith(prefix) and entry.find("'", len(prefix)) > 0:
            files.append({"rfilename": entry[len(prefix):entry.find("'", len(prefix))]})
    return files


def card_text(row):
    """The README text of the crawl's `card` column (the long layout only); 'N/A' and empty mean the crawl has none."""
    text = row.get("card")
    return text if text and text != "N/A" else None


def convert(row, source):
    meta = json.loads(row["metadata"])
    model = {
        "id": meta["id"],
        "author": meta.get("author"),
        "sha": meta.get("sha"),
        "createdAt": hub_time(meta.get("created_at")),
        "lastModified": hub_time(meta.get("last_modified") or meta.get("lastModified")),
        "private": meta.get("private"),
        "gated": meta.get("gated"),
        "disabled": meta.get("disabled"),
        "downloads": meta.get("downloads"),
        "likes": meta.get("likes"),
        "library_name": meta.get("library_name"),
        "pipeline_tag": meta.get("pipeline_tag"),
        "tags": meta.get("tags") or [],
        "cardData": card_data(meta.get("cardData", meta.get("card_data")), meta["id"]),
        "config": meta.get("config"),
        "safetensors": meta.get("safetensors"),
        "gguf": meta.get("gguf"),
        "siblings": siblings(meta.get("siblings")),
        "card": card_text(row),
    }
    return {k: model[k] for k in KEEP if model[k] is not None}


def main(out, files):
    models, bad = {}, 0
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                try:
                    model = convert(row, path)
                except (json.JSONDecodeError, KeyError, TypeError) as e:
                    bad += 1
                    print(f"{path}: row at line {line} ({row.get('model_id', '')[:80]}): metadata unusable "
                          f"({e.__class__.__name__}); skipped", file=sys.stderr)
                    continue
                models.setdefault(model["id"], model)
    ordered = sorted(models.values(), key=lambda m: (m.get("createdAt") or "", m["id"]))
    with gzip.GzipFile(out, "wb", mtime=0) as f:
        for model in ordered:
            f.write((json.dumps(model, ensure_ascii=False, separators=(",", ":"), default=str) + "\n").encode("utf-8"))
    print(f"{len(ordered)} models written, {bad} bad rows skipped", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
