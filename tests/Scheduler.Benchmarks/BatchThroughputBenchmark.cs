using System.Diagnostics;
using System.Text.Json.Nodes;
using Scheduler.Batch.Storage;

namespace Scheduler.Benchmarks;

/// <summary>
/// Issue 8's throughput benchmark: starts <c>./sched dev</c> with a fresh data directory, submits a job of N tasks of
/// <c>true</c> (cpus 0.01, mem 16) with <c>./sched job submit --output json</c>, polls the batch API every 100 ms until
/// the job ends, then reads each attempt's launch and end times from the batch framework's store.
/// </summary>
public sealed class BatchThroughputBenchmark(int tasks, string repository, string workDirectory)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    public async Task<BatchThroughputResult> RunAsync(TextWriter log)
    {
        Directory.CreateDirectory(workDirectory);
        var jobFile = Path.Combine(workDirectory, "throughput.yaml");
        await File.WriteAllTextAsync(jobFile, JobFile(tasks));
        var dataDirectory = Path.Combine(workDirectory, "data");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        JsonObject summary;
        TimeSpan submitted, ended, processor;
        var samples = new List<BatchProgressSample>();
        await using (var dev = SchedDevProcess.Start(repository, dataDirectory))
        {
            await dev.WaitReadyAsync(http, TimeSpan.FromMinutes(3));
            await log.WriteLineAsync($"sched dev ready: master {dev.MasterAddress}, batch API {dev.BatchApi}");
            var processorBefore = dev.ProcessorTime();
            var clock = Stopwatch.StartNew();
            var id = await SubmitAsync(jobFile, dev.MasterAddress);
            submitted = clock.Elapsed;
            await log.WriteLineAsync($"submitted {id} in {submitted.TotalMilliseconds:F0} ms");
            while (true)
            {
                if (dev.HasExited) throw new InvalidOperationException($"sched dev exited during the run:\n{dev.Output}");
                summary = JsonNode.Parse(await http.GetStringAsync(new Uri(dev.BatchApi, "v1/jobs")))!["jobs"]!.AsArray()
                    .OfType<JsonObject>().Single(job => job["id"]!.ToString() == id);
                var counts = summary["counts"]!;
                var sample = new BatchProgressSample(clock.Elapsed.TotalSeconds, Count(counts, "pending"), Count(counts, "staging"),
                    Count(counts, "running"), Count(counts, "finished"), Count(counts, "failed") + Count(counts, "killed"));
                samples.Add(sample);
                if (samples.Count % 50 == 0)
                    await log.WriteLineAsync($"{sample.Seconds,6:F1} s: {sample.Finished} finished, {sample.Running + sample.Staging} running, {sample.Pending} pending");
                if (summary["state"]!.ToString() is "finished" or "failed" or "killed") break;
                if (clock.Elapsed > Timeout) throw new TimeoutException($"the job had not ended after {Timeout}: {summary.ToJsonString()}");
                await Task.Delay(PollInterval);
            }
            ended = clock.Elapsed;
            processor = dev.ProcessorTime() - processorBefore;
        }

        var (queueTimes, runTimes) = AttemptTimes(Path.Combine(dataDirectory, "batch", "batch.db"));
        return new BatchThroughputResult(tasks, summary["state"]!.ToString(), submitted, ended, samples, queueTimes, runTimes, processor);
    }

    public static string JobFile(int tasks) =>
        $"""
         name: throughput
         tasks:
           - name: t
             array: {tasks}
             command: "true"
             cpus: 0.01
             mem: 16
         """;

    private async Task<string> SubmitAsync(string jobFile, string master)
    {
        var start = new ProcessStartInfo(Path.Combine(repository, "sched"))
        {
            WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in new[] { "job", "submit", jobFile, "--master", master, "--output", "json" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"sched job submit exited with {process.ExitCode}: {await stderr}{await stdout}");
        return JsonNode.Parse(await stdout)!["id"]!.ToString();
    }

    private static int Count(JsonNode counts, string phase) => counts[phase]?.GetValue<int>() ?? 0;

    /// <summary>Per attempt: submit to launch (queue time) and launch to terminal update (run time).</summary>
    private static (List<TimeSpan> Queue, List<TimeSpan> Run) AttemptTimes(string storePath)
    {
        using var store = new SqliteJobStore(storePath);
        var submittedAt = store.LoadJobs().ToDictionary(job => job.Id, job => job.SubmittedAt);
        var attempts = store.LoadAttempts();
        var queue = attempts.Select(attempt => attempt.LaunchedAt - submittedAt[attempt.JobId]).ToList();
        var run = attempts.Where(attempt => attempt.EndedAt is not null).Select(attempt => attempt.EndedAt!.Value - attempt.LaunchedAt).ToList();
        return (queue, run);
    }
}
