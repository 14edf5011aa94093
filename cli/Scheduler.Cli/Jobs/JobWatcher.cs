using System.Text.Json.Nodes;
using Scheduler.Cli.Frameworks;
using Spectre.Console;

namespace Scheduler.Cli.Jobs;

/// <summary>
/// Follows a job until it ends: a live progress display of pending, running, finished and failed tasks in a
/// terminal, a line per change otherwise. A framework that cannot be reached for a while (it restarts) is waited for.
/// </summary>
public sealed class JobWatcher(BatchClient client, TimeSpan pollInterval, TimeSpan unreachableFor)
{
    public async Task<JsonObject> WatchAsync(string jobId, IAnsiConsole console, bool live, CancellationToken cancel)
    {
        if (!live) return await PollAsync(jobId, job => console.WriteLine($"{jobId}: {JobTables.Summary(job)}"), cancel);

        JsonObject? last = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bars = new[] { "pending", "running", "finished", "failed" }.ToDictionary(name => name, name => context.AddTask(name, maxValue: 1));
                last = await PollAsync(jobId, job =>
                {
                    var counts = job["counts"]!.AsObject();
                    int Count(string name) => counts[name]?.GetValue<int>() ?? 0;
                    var total = Math.Max(1, Count("total"));
                    var values = new Dictionary<string, int>
                    {
                        ["pending"] = Count("pending"), ["running"] = Count("staging") + Count("running"),
                        ["finished"] = Count("finished"), ["failed"] = Count("failed") + Count("killed"),
                    };
                    foreach (var (name, bar) in bars)
                    {
                        bar.MaxValue = total;
                        bar.Value = values[name];
                        bar.Description = $"{name,-9} {values[name],6}";
                    }
                }, cancel);
                foreach (var bar in bars.Values) bar.StopTask();
            });
        return last!;
    }

    private async Task<JsonObject> PollAsync(string jobId, Action<JsonObject> changed, CancellationToken cancel)
    {
        string? shown = null;
        var unreachableSince = (DateTimeOffset?)null;
        while (true)
        {
            JsonObject job;
            try
            {
                job = await client.JobAsync(jobId, cancel);
                unreachableSince = null;
            }
            catch (FrameworkApiException) when (unreachableSince is null || DateTimeOffset.UtcNow - unreachableSince < unreachableFor)
            {
                unreachableSince ??= DateTimeOffset.UtcNow;
                await Task.Delay(pollInterval, cancel);
                continue;
            }
            var summary = JobTables.Summary(job);
            if (summary != shown)
            {
                shown = summary;
                changed(job);
            }
            if (JobTables.IsDone(job)) return job;
            await Task.Delay(pollInterval, cancel);
        }
    }
}
