#!/usr/bin/env python3
"""Where the Evaluator's thread-pool workers spend their CPU, from perf's samples (docs/pipeline.md, "Session 13").

Unlike dotnet-trace's sampled thread time, perf counts only cycles a thread ran, so a worker waiting for a core, for the GC or
for a lock is not counted. Usage (as root):
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet run -c Release --project benchmarks/Pipeline.Benchmarks -- 20000
  perf record -F 499 -g -p <the Evaluator's pid, printed by the benchmark> -o evaluator.perf.data   # Ctrl-C at quiescence
  perf script -i evaluator.perf.data -F comm,tid,ip,sym,dso > evaluator.perf.txt
  python3 benchmarks/Pipeline.Benchmarks/evaluator-perf-breakdown.py evaluator.perf.txt

Each worker sample counts once, in the first step below that a frame of its stack names, leaf first. Frames of precompiled
(ReadyToRun) framework code are not named, so their samples fall to the nearest named frame or to "JSON other" and the like.
"""
import re, collections, sys

steps = [
    ('thread pool: spin/wait', r'LowLevelLifoSemaphore|LowLevelSpinWaiter|WorkerThreadStart|PortableThreadPool\+WorkerThread|sched_yield|SemaphoreSlim.*Wait'),
    ('SHA-256 hashing', r'libcrypto|SHA256|HashProviderDispenser|DocumentJson::Hash'),
    ('openness', r'Openness'),
    ('profile calculation', r'AccessProfileCalculator|ShapeInheritance|ModelShapeMapper|LicenceClassifier|ParameterCounter'),
    ('event mapping + content hash', r'AccessProfileUpdatedMapper'),
    ('MassTransit publish: serialize', r'MassTransit\.Serialization.*(Serialize|Write)|SystemTextJsonMessageSerializer|JsonMessageEnvelope'),
    ('MassTransit/RabbitMQ publish: the rest', r'SendTransport|PublishEndpoint|BasicPublish|RabbitMqSendTransportContext|SendEndpoint|PipeContextSupervisor'),
    ('profile written (ProfileJson, store document)', r'ProfileJson|StoredAccessProfile|DocumentJson::SerializeToUtf8|SerializedDocument`1\[.*\]::Of'),
    ('store: SQLite write', r'SqliteDocumentCollection`1\[.*\]::(WriteMany|UpsertMany)|Writer::Write'),
    ('store: SQLite read', r'SqliteDocumentCollection`1\[.*\]::(GetMany|GetField|FindBy|ReadDocuments)'),
    ('SQLite, the rest', r'libe_sqlite3|Microsoft.Data.Sqlite'),
    ('envelope read (ReadOnceJsonDeserializer)', r'ReadOnce|EnvelopeReader'),
    ('consumer, the rest', r'ModelsDiscoveredConsumer|ModelResources'),
    ('MassTransit receive, the rest', r'MassTransit'),
    ('RabbitMQ.Client, the rest', r'RabbitMQ\.Client'),
    ('JSON other', r'System\.Text\.Json'),
    ('kernel other', r'\[kernel'),
]

totals = collections.Counter(); threads = collections.Counter(); workers = 0
for sample in open(sys.argv[1]).read().split('\n\n'):
    lines = [l for l in sample.strip().split('\n') if l.strip()]
    if not lines: continue
    m = re.match(r'\s*(.+?)\s+\d+\s*$', lines[0])
    thread = m.group(1) if m else lines[0]
    threads[thread] += 1
    if 'TP Worker' not in thread: continue
    workers += 1
    totals[next((s for f in lines[1:] for s, rx in steps if re.search(rx, f)), 'other')] += 1

everything = sum(threads.values())
for thread, n in threads.most_common(6): print(f'{100 * n / everything:5.1f} % of the process  {thread}')
print()
for step, n in totals.most_common(): print(f'{100 * n / workers:5.1f} % of the workers  {step}')
