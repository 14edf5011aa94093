using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Scheduler.Agent;
using Scheduler.Cli.Hosting;
using Scheduler.Framework;
using Scheduler.Master;
using Scheduler.Protocol.V1;
using Environment = System.Environment;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Integration.Tests.Load;

/// <summary>
/// A bounded load test on loopback: a real master (Kestrel, its actor system, the registry in SQLite) and four real
/// agents over Akka.Remote whose containers exit at once; 200 frameworks subscribe at once through the SDK and launch
/// and decline in a loop while an operator polls <c>/master/state</c> and a prober times <c>/master/health</c>.
/// <c>SCHED_LOAD_SECONDS</c> (20) and <c>SCHED_LOAD_FRAMEWORKS</c> (200) make it longer or wider.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class LoadTests
{
    private const double HealthP99BoundMs = 500;
    private const double StateP99BoundMs = 3_000;
    private const double MemoryGrowthBound = 2.0;
    private const int Agents = 4;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromSeconds(40);

    [Test]
    public async Task Two_hundred_frameworks_keep_the_master_responsive_with_flat_memory_and_no_lost_update()
    {
        var seconds = EnvironmentInt("SCHED_LOAD_SECONDS", 20);
        var frameworkCount = EnvironmentInt("SCHED_LOAD_FRAMEWORKS", 200);
        var directory = Directory.CreateTempSubdirectory("sched-load-").FullName;
        var master = await ClusterNode.StartAsync(
            new NodeOptions { Roles = [], ClusterPort = 0, RegistryPath = Path.Combine(directory, "registry.db") },
            new MasterSettings { HttpPort = 0, AllocationInterval = TimeSpan.FromMilliseconds(200) }, null);
        var agents = new List<ClusterNode>();
        var drivers = new List<SchedulerDriver>();
        using var stop = new CancellationTokenSource();
        try
        {
            for (var i = 0; i < Agents; i++)
                agents.Add(await ClusterNode.StartAsync(
                    new NodeOptions { Roles = [], ClusterPort = 0, SeedNodes = [master.ClusterAddress] }, null,
                    new AgentSettings
                    {
                        WorkDirectory = Path.Combine(directory, $"agent-{i}"), HttpPort = 0,
                        Resources = "cpus:8;mem:8192;disk:1024;ports:[31000-32000]",
                    },
                    new InstantContainerizer(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500))));
            var masterUri = master.Master!.Http.Address;
            using var http = new HttpClient { BaseAddress = masterUri, Timeout = TimeSpan.FromSeconds(30) };
            await WaitForAgentsAsync(http, Agents);

            var health = new LatencySamples();
            var state = new LatencySamples();
            var probes = Task.WhenAll(
                ProbeAsync(http, "/master/health", TimeSpan.FromMilliseconds(20), health, stop.Token),
                ProbeAsync(http, "/master/state", TimeSpan.FromMilliseconds(250), state, stop.Token));

            var frameworks = Enumerable.Range(0, frameworkCount).Select(i => new LoadFramework(i)).ToList();
            var subscribing = Stopwatch.StartNew();
            drivers.AddRange(frameworks.Select((framework, i) => new SchedulerDriver(framework, new SchedulerDriverOptions
            {
                Master = masterUri,
                FrameworkInfo = new FrameworkInfo { Name = $"load-{i}", User = Environment.UserName },
            })));
            await Task.WhenAll(drivers.Select(d => d.StartAsync()));
            await Task.WhenAll(frameworks.Select(f => f.Subscribed)).WaitAsync(TimeSpan.FromSeconds(60));
            var subscribed = subscribing.Elapsed;

            await Task.Delay(WarmUp);
            var memoryAfterWarmUp = ManagedMegabytes();
            var callsAfterWarmUp = frameworks.Sum(f => f.Calls);
            var measuring = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, seconds - WarmUp.TotalSeconds)));
            var calls = frameworks.Sum(f => f.Calls) - callsAfterWarmUp;
            var callsPerSecond = calls / measuring.Elapsed.TotalSeconds;
            foreach (var framework in frameworks) framework.Launching = false;

            var drained = Stopwatch.StartNew();
            while (frameworks.Sum(f => f.Unfinished) > 0 && drained.Elapsed < DrainDeadline) await Task.Delay(100);
            await stop.CancelAsync();
            await probes;
            var memoryAtEnd = ManagedMegabytes();

            var launched = frameworks.SelectMany(f => f.LaunchedTaskIds.Select(id => (Framework: f, TaskId: id))).ToList();
            var missing = launched.Where(t => !t.Framework.TerminalUpdates.ContainsKey(t.TaskId)).Select(t => t.TaskId).ToList();
            var repeated = launched.Where(t => t.Framework.TerminalUpdates.GetValueOrDefault(t.TaskId) > 1).Select(t => t.TaskId).ToList();
            Report(string.Create(CultureInfo.InvariantCulture,
                $"load frameworks={frameworkCount} agents={Agents} seconds={seconds} subscribed_all_in={subscribed.TotalSeconds:F1}s " +
                $"calls={calls} calls_per_second={callsPerSecond:F0} tasks_launched={launched.Count} tasks_finished={launched.Count - missing.Count} " +
                $"terminal_updates_repeated={repeated.Count} drain={drained.Elapsed.TotalSeconds:F1}s"));
            Report($"load health {health}");
            Report($"load state {state}");
            Report(string.Create(CultureInfo.InvariantCulture,
                $"load managed_memory_mb after_warm_up={memoryAfterWarmUp:F1} at_end={memoryAtEnd:F1} growth={memoryAtEnd / memoryAfterWarmUp:F2}x"));

            Assert.Multiple(() =>
            {
                Assert.That(frameworks.Select(f => f.Error).OfType<string>(), Is.Empty, "framework errors");
                Assert.That(launched, Is.Not.Empty, "tasks launched");
                Assert.That(missing, Is.Empty, "launched tasks without a terminal update");
                Assert.That(repeated, Is.Empty, "tasks whose terminal update arrived more than once");
                Assert.That(health.Failures, Is.Zero, "failed health probes");
                Assert.That(health.Percentile(0.99), Is.LessThan(HealthP99BoundMs), "p99 of GET /master/health (ms)");
                Assert.That(state.Percentile(0.99), Is.LessThan(StateP99BoundMs), "p99 of GET /master/state (ms)");
                Assert.That(memoryAtEnd, Is.LessThan(memoryAfterWarmUp * MemoryGrowthBound), "managed memory after the run (MB)");
            });
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(drivers.Select(d => d.DisposeAsync().AsTask()));
            foreach (var agent in agents) await agent.DisposeAsync();
            await master.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }

    private static async Task ProbeAsync(HttpClient http, string path, TimeSpan interval, LatencySamples samples, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, stop);
                if (response.IsSuccessStatusCode) samples.Add(watch.Elapsed);
                else samples.AddFailure();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                samples.AddFailure();
            }
            try { await Task.Delay(interval, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static async Task WaitForAgentsAsync(HttpClient http, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var state = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/master/state"))!;
            if (state["slaves"]!.AsArray().Count >= count) return;
            await Task.Delay(100);
        }
        Assert.Fail($"{count} agents did not register within 30 s");
    }

    private static double ManagedMegabytes() => GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0);

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value : fallback;

    private static void Report(string line) => TestContext.Progress.WriteLine(line);
}
