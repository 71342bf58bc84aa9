#!/usr/bin/env python3
"""Where the Evaluator's ModelsDiscoveredConsumer spends its samples (docs/pipeline.md, "Session 11").

Usage, during a `dotnet run -c Release --project benchmarks/Pipeline.Benchmarks -- 5000` (it prints the Evaluator's pid):
  dotnet-trace collect -p <pid> --profile dotnet-sampled-thread-time -o evaluator.nettrace
  dotnet-trace convert evaluator.nettrace --format Speedscope -o evaluator
  python3 benchmarks/Pipeline.Benchmarks/evaluator-trace-breakdown.py evaluator.speedscope.json

A sample counts when its thread ran managed code (CPU_TIME) or SQLite or hashing natively, and only under the consumer; it
counts once, in the step of the consumer nearest the leaf.
"""
import json, sys, re, collections
d = json.load(open(sys.argv[1]))
frames = [f['name'] for f in d['shared']['frames']]
native_work = re.compile(r'sqlite3_|Interop\+Crypto|SHA256|HashData|OneShotHash')
# Nearest the leaf wins: each sample counts once, in the innermost step of the consumer it is in.
cats = [
 ('derivative walk: store reads (FindByKey[s]Async)', r'SqliteDocumentCollection.*FindByKeys?Async'),
 ('models read (GetManyAsync)', r'SqliteDocumentCollection.*GetManyAsync'),
 ('profile hashes read (GetField[s]ManyAsync)', r'SqliteDocumentCollection.*GetFields?ManyAsync'),
 ('store upserts (UpsertManyAsync)', r'SqliteDocumentCollection.*UpsertManyAsync'),
 ('openness', r'Openness'),
 ('profile calculation, the rest', r'AccessProfileCalculator\.Calculate'),
 ('JSON hash of the profile (DocumentJson.HashOf)', r'DocumentJson\.HashOf'),
 ('AccessProfileUpdated mapping', r'AccessProfileUpdatedMapper'),
 ('AccessProfileUpdated publish (MassTransit, in the consumer)', r'MassTransit\..*Publish|PublishEndpoint|SendTransport|SendEndpoint'),
 ('shape walk (ShapeInheritance)', r'ShapeInheritance'),
 ('derivative walk, the rest', r'DerivativesToReprofileAsync'),
 ('consumer, the rest', r'ModelsDiscoveredConsumer'),
]
tot = collections.Counter(); cons = 0
for p in d['profiles']:
    stack=[]; last=None
    for ev in p['events']:
        t=ev['at']
        if last is not None and stack:
            dur=t-last; names=[frames[i] for i in stack]
            top=names[-1]; parent=names[-2] if len(names)>1 else ''
            busy = top=='CPU_TIME' or (top=='UNMANAGED_CODE_TIME' and native_work.search(parent))
            if busy and any('ModelsDiscoveredConsumer' in n for n in names):


                cons += dur
                for n in reversed(names):
                    hit = next((c for c,rx in cats if re.search(rx,n)), None)
                    if hit: tot[hit]+=dur; break
        last=t
        if ev['type']=='O': stack.append(ev['frame'])
        else:
            for k in range(len(stack)-1,-1,-1):
                if stack[k]==ev['frame']: del stack[k:]; break
print(f'consumer sampled CPU {cons:.0f}')
for c,_ in cats: print(f'{c:62s} {tot[c]:8.0f} {100*tot[c]/cons:5.1f} %')
