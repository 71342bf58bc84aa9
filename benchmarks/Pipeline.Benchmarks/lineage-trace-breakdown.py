#!/usr/bin/env python3
"""Where Lineage's CPU goes during a pipeline run (docs/pipeline.md, "Session 13: Lineage").

Usage, during `flock /tmp/bench.lock dotnet run -c Release --project benchmarks/Pipeline.Benchmarks -- 20000` (it prints Lineage's pid):
  dotnet-trace collect -p <pid> --profile dotnet-sampled-thread-time --duration 00:00:00:45 -o lineage.nettrace
  dotnet-trace convert lineage.nettrace --format Speedscope -o lineage
  python3 benchmarks/Pipeline.Benchmarks/lineage-trace-breakdown.py lineage.speedscope.json

A sample counts when its thread ran managed code (CPU_TIME) or SQLite natively. Each counts once: first in the part of the
process it is under (the thread pool's spinning, the consumer, the envelope's reading, the adoption sweep, recovery, the
rest; a thread stopped at a GC poll is counted apart, wherever it stopped), then, under the consumer, in the step nearest the leaf.
"""
import json, sys, re, collections
d = json.load(open(sys.argv[1]))

def method(name):
    """The frame's method without its generic arguments and parameters, so a type named only as an argument does not match."""
    name = name.split('(')[0]
    while True:
        shorter = re.sub(r'\[[^\[\]]*\]', '', name)
        if shorter == name: return name
        name = shorter

frames = [method(f['name']) for f in d['shared']['frames']]
raw = [f['name'] for f in d['shared']['frames']]
native_work = re.compile(r'sqlite3_')
parts = [
 ('stopped for a garbage collection (at a GC poll)', r'PollGC'),
 ('thread pool workers spinning for work (LowLevelSpinWaiter)', r'LowLevelSpinWaiter'),
 ('ModelsDiscovered consumer', r'Lineage\.Consumers\.ModelsDiscoveredConsumer'),
 ('BenchmarkUpdated consumer', r'Lineage\.Consumers\.BenchmarkUpdatedConsumer'),
 ('reading the envelope and message (deserializer)', r'ReadOnceJsonDeserializer|ReadOnceSerializerContext|BodyConsumeContext\.TryGetMessage'),
 ('adoption sweep (AdoptionPublisher)', r'AdoptionPublisher'),
 ('recovery (InferredParents / inference)', r'InferredParents|Lineage\.Inference\.'),
 ('MassTransit receive, the rest', r'^MassTransit'),
 ('RabbitMQ.Client, the rest', r'^RabbitMQ'),
 ('Kestrel / HTTP', r'Kestrel|AspNetCore'),
]
steps = [
 ('models read (GetManyAsync)', r'SqliteDocumentCollection`1.*GetMany'),
 ('store upserts: the records serialized (DocumentJson)', r'SerializedDocument`1\.Of|DocumentJson\.'),
 ('store upserts (UpsertManyAsync), the rest: SQLite', r'SqliteDocumentCollection`1.*(UpsertMany|WriteMany)'),
 ('replica notice', r'ReplicaNotifier'),
 ('id prefix index (IdPrefixIndex)', r'IdPrefixIndex'),
 ('graph upsert, declared graph (LineageGraph.Upsert), the rest', r'LineageGraph\.(Upsert|UpsertLocked)'),
 ('graph upserts of the extra graphs, the rest (GraphState.Upsert)', r'GraphState\.Upsert'),
 ('card mentions (CardMentionTable)', r'CardMentionTable'),
 ('graph look-ups (DisplayId / Find / FindNode)', r'LineageGraph\.(DisplayId|Find|FindNode|Read)'),
 ('plausibility of the dates (IsPlausible)', r'IsPlausible'),
 ('intake, the rest (ModelIntake.Apply)', r'ModelIntake\.Apply'),
 ('consumer, the rest', r'ModelsDiscoveredConsumer'),
]
part_tot = collections.Counter(); step_tot = collections.Counter(); total = 0
for p in d['profiles']:
    stack = []; last = None
    for ev in p['events']:
        t = ev['at']
        if last is not None and stack:
            dur = t - last; names = [frames[i] for i in stack]
            top = names[-1]; parent = raw[stack[-2]] if len(stack) > 1 else ''
            if top == 'CPU_TIME' or (top == 'UNMANAGED_CODE_TIME' and native_work.search(parent)):
                total += dur
                part = next((c for c, rx in parts if any(re.search(rx, n.split('!', 1)[-1]) for n in names)), 'the rest')
                part_tot[part] += dur
                if part == 'ModelsDiscovered consumer':
                    for n in reversed(names):
                        hit = next((c for c, rx in steps if re.search(rx, n)), None)
                        if hit: step_tot[hit] += dur; break
        last = t
        if ev['type'] == 'O': stack.append(ev['frame'])
        else:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k] == ev['frame']: del stack[k:]; break
print(f'sampled CPU of the process {total:.0f} ms')
for c in [c for c, _ in parts] + ['the rest']: print(f'  {c:64s} {part_tot[c]:8.0f} {100 * part_tot[c] / total:5.1f} %')
cons = part_tot['ModelsDiscovered consumer'] or 1
print('of the ModelsDiscovered consumer:')
for c, _ in steps: print(f'  {c:64s} {step_tot[c]:8.0f} {100 * step_tot[c] / cons:5.1f} %')
