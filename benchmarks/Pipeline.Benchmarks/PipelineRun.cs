namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>What the whole pipeline did with one import.</summary>
public sealed record PipelineResult(
    HarvesterRun Run,
    TimeSpan Quiescence,
    StoreProgress AtImportEnd,
    StoreProgress Final,
    IReadOnlyDictionary<string, long> QueuePeaks,
    IReadOnlyDictionary<string, long> QueuesAtEnd,
    IReadOnlyList<ProcessFigures> Processes);

/// <summary>
/// The four services as separate processes on a virtual host of their own; one snapshot import; polled until every queue is
/// empty and every store's count is final, and held so for <see cref="Settle"/>.
/// </summary>
public static class PipelineRun
{
    /// <summary>
    /// How long the final state must hold before the run ends: Lineage publishes adoption series once per
    /// <c>OpenAccess:Lineage:AdoptionInterval</c> (30 s by default), so a shorter wait could end before its last sweep.
    /// The time reported is when the final state was first seen, not the end of this wait.
    /// </summary>
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(35);

    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static async Task<PipelineResult> RunAsync(
        string repository, Uri broker, string work, string snapshot, string[] settings, HttpClient http, CancellationToken cancellationToken)
    {
        await using var vhost = BrokerVhost.Create(broker, $"pipeline-bench-{Environment.ProcessId}");
        var services = new List<ServiceProcess>();
        try
        {
            // Consumers first: their queues and bindings exist before the harvester publishes (README, separate processes).
            foreach (var name in new[] { "Lineage", "Fitting", "Evaluator" })
            {
                services.Add(ServiceProcess.Start(repository, name, work, vhost.Address, settings));
            }

            foreach (var service in services) await service.WaitReadyAsync(http, TimeSpan.FromMinutes(3), cancellationToken);
            var harvester = ServiceProcess.Start(repository, "Harvester", work, vhost.Address,
                [$"--OpenAccess:Harvester:ImportFolder={Path.GetDirectoryName(snapshot)}", .. settings]);
            services.Add(harvester);
            await harvester.WaitReadyAsync(http, TimeSpan.FromMinutes(3), cancellationToken);
            var (lineage, fitting, evaluator) = (services[0], services[1], services[2]);

            var queues = vhost.ListQueues().Keys.Order(StringComparer.Ordinal).ToList();
            Console.WriteLine($"pipeline: {string.Join(", ", services.Select(s => $"{s.Name} pid {s.Pid} at {s.Address}"))}; queues {string.Join(", ", queues)}");
            await using var connection = await vhost.ConnectAsync("pipeline-bench-monitor");
            var depths = new QueueDepths(connection, queues, Poll);
            using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var polling = depths.RunAsync(stopPolling.Token);

            var brokerPid = ProcStats.BrokerPid() ?? throw new InvalidOperationException("no beam.smp process: is RabbitMQ running here?");
            var runtimeThreads = services.Select(s => new RuntimeThreadCpu(s.Pid)).ToList();
            runtimeThreads.ForEach(t => t.Sample());
            var start = Snapshot(services, brokerPid);
            var run = await HarvesterRun.StartAsync(http, harvester, Path.GetFileName(snapshot), cancellationToken);
            StoreProgress? atImportEnd = null, previous = null;
            DateTimeOffset? finalSince = null;
            (ProcStats[] Services, ProcStats Broker) end = start;
            var lastReport = DateTimeOffset.UtcNow;
            long brokerRss = 0; // the node's VmHWM is its peak since it started, before this run: its resident set is sampled instead
            while (true)
            {
                await Task.Delay(Poll, cancellationToken);
                if (services.FirstOrDefault(s => s.HasExited) is { } dead)
                {
                    throw new InvalidOperationException($"{dead.Name} exited; its console: {dead.Tail()}");
                }

                brokerRss = Math.Max(brokerRss, ProcStats.Of(brokerPid).RssBytes);
                runtimeThreads.ForEach(t => t.Sample());
                if (!run.Finished)
                {
                    run = await run.RefreshAsync(http, harvester, cancellationToken);
                    if (!run.Finished)
                    {
                        if (DateTimeOffset.UtcNow - lastReport > TimeSpan.FromSeconds(15))
                        {
                            lastReport = DateTimeOffset.UtcNow;
                            Console.WriteLine($"  {(lastReport - run.StartedAt).TotalSeconds,6:F0} s: importing, {run.Published:N0} published");
                        }

                        continue;
                    }

                    if (run.Status != "completed") throw new InvalidOperationException($"the import ended {run.Status}: {run.Failure}");
                }

                // The stores are read only when the queues are empty, and for the progress line: counting is not free (StoreProgress).
                var now = DateTimeOffset.UtcNow;
                var report = now - lastReport > TimeSpan.FromSeconds(15);
                if (atImportEnd is not null && !depths.AllEmpty && !report) continue;
                var progress = await StoreProgress.ReadAsync(http, lineage, evaluator, fitting, previous, run.Published, cancellationToken);
                atImportEnd ??= progress;
                var final = progress.Final(run.Published) && depths.AllEmpty;
                // The final state is first seen when it holds after a change of the stores or of the queues: the last messages may
                // change no count (a root published again re-profiles models already stored), and the queues empty after them.
                if (!final || progress != previous || finalSince is null)
                {
                    finalSince = final ? now : null;
                    if (final)
                    {
                        end = Snapshot(services, brokerPid); // CPU up to the final state, not the idle wait after it
                        runtimeThreads.ForEach(t => t.MarkEnd());
                    }
                }

                previous = progress;
                if (finalSince is { } since && now - since >= Settle) break;
                if (report)
                {
                    lastReport = now;
                    Console.WriteLine($"  {(now - run.StartedAt).TotalSeconds,6:F0} s: {progress}; ready messages {string.Join(", ", depths.Current.Where(q => q.Value > 0).Select(q => $"{q.Key} {q.Value:N0}"))}{(depths.FailedPolls > 0 ? $"; {depths.FailedPolls} queue polls failed and were tried again" : "")}");
                }
            }

            await stopPolling.CancelAsync();
            await polling.ContinueWith(_ => { }, CancellationToken.None);
            var processes = services.Select((s, i) => new ProcessFigures(
                s.Name, end.Services[i].CpuSeconds - start.Services[i].CpuSeconds,
                s == fitting ? previous!.SeriesPublished : run.Published, s == fitting ? "series" : "model", s.Stats().PeakRssBytes,
                runtimeThreads[i].JitSeconds, runtimeThreads[i].GcSeconds)).ToList();
            processes.Add(new ProcessFigures("broker (beam.smp)", end.Broker.CpuSeconds - start.Broker.CpuSeconds, run.Published, "model", brokerRss));
            return new PipelineResult(run, finalSince!.Value - run.StartedAt, atImportEnd!, previous!, depths.Peaks, vhost.ListQueues(), processes);
        }
        finally
        {
            foreach (var service in Enumerable.Reverse(services)) await service.DisposeAsync();
        }
    }

    static (ProcStats[] Services, ProcStats Broker) Snapshot(List<ServiceProcess> services, int brokerPid) =>
        (services.Select(s => s.Stats()).ToArray(), ProcStats.Of(brokerPid));
}
