#!/usr/bin/python3
"""Adoption series of every base-model family in an OpenAccess snapshot.

A family is rooted at a model with no parent. Parents are the Hub's `base_model:<relation>:<id>`
tags (the bare `base_model:<id>` tag is the same link and is read too). Every descendant at any
depth counts once, whatever the relation, in the calendar month (UTC) of its `createdAt`.
Month index t = 1 is the calendar month containing the root's own `createdAt`; the series runs
without gaps to the last calendar month that holds any model of the snapshot.

A model whose parent is not in the snapshot belongs to no family (its chain to a root is broken);
it is counted on stderr and left out.

Usage: tools/fitting/adoption_series.py SNAPSHOT.jsonl.gz > series.json
"""
import gzip
import json
import sys
from collections import defaultdict

RELATIONS = {"adapter", "finetune", "merge", "quantized"}


def parents_of(tags):
    found = set()
    for tag in tags or []:
        if not tag.startswith("base_model:"):
            continue
        rest = tag[len("base_model:"):]
        head, sep, tail = rest.partition(":")
        found.add(tail if sep and head in RELATIONS else rest)
    return found


def month_of(timestamp):
    return int(timestamp[0:4]), int(timestamp[5:7])


def months_between(start, end):
    return (end[0] - start[0]) * 12 + (end[1] - start[1])


def load(path):
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def adoption_series(models):
    by_id = {m["id"]: m for m in models if m.get("createdAt")}
    children = defaultdict(set)
    roots, broken = [], 0
    for model_id, model in by_id.items():
        parents = parents_of(model.get("tags")) - {model_id}
        if not parents:
            roots.append(model_id)
        for parent in parents:
            if parent in by_id:
                children[parent].add(model_id)
        if parents and not parents & by_id.keys():
            broken += 1
    if broken:
        print(f"{broken} models have no parent in the snapshot: left out", file=sys.stderr)

    last = max(month_of(m["createdAt"]) for m in by_id.values())
    series = []
    for root in sorted(roots):
        seen, stack = set(), [root]
        while stack:
            for child in children[stack.pop()]:
                if child not in seen and child != root:
                    seen.add(child)
                    stack.append(child)
        start = month_of(by_id[root]["createdAt"])
        new = [0] * (months_between(start, last) + 1)
        for model_id in seen:
            offset = months_between(start, month_of(by_id[model_id]["createdAt"]))
            new[max(offset, 0)] += 1  # a child dated before its parent counts in the release month
        cumulative, total = [], 0
        for count in new:
            total += count
            cumulative.append(total)
        series.append({
            "familyId": root,
            "author": by_id[root].get("author") or root.split("/")[0],
            "releaseMonth": f"{start[0]:04d}-{start[1]:02d}",
            "monthIndex": list(range(1, len(new) + 1)),
            "cumulativeDerivatives": cumulative,
        })
    return series


if __name__ == "__main__":
    json.dump({"source": sys.argv[1].split("/")[-1], "families": adoption_series(load(sys.argv[1]))},
              sys.stdout, indent=1)
    print()
