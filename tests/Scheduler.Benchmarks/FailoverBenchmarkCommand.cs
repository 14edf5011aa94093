using System.Globalization;

namespace Scheduler.Benchmarks;

/// <summary>Runs the failover benchmark in a fresh registry and prints its figures and one CSV line.</summary>
public static class FailoverBenchmarkCommand
{
    public const string CsvHeader = "agents,tasks,recovered_ms,reregistered_ms,first_offer_ms,all_offered_ms,processor_ms";

    public static async Task<int> RunAsync(int agents, int tasksPerAgent, string? workDirectory, TextWriter output)
    {
        var directory = Directory.CreateDirectory(Path.Combine(workDirectory ?? Path.GetTempPath(), $"sched-failover-{Guid.NewGuid():N}"));
        try
        {
            var (_, failover) = await new FailoverBenchmark(agents, tasksPerAgent, directory.FullName).RunAsync(output.WriteLine);
            var tasks = agents * tasksPerAgent;
            output.WriteLine($"failover: {failover}");
            output.WriteLine(CsvHeader);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{agents},{tasks},{Ms(failover.Recovered)},{Ms(failover.AllReregistered)},{Ms(failover.FirstOffer)},{Ms(failover.AllOffered)},{Ms(failover.ProcessorTime)}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"failover agents={agents} tasks={tasks} reregistered_ms={Ms(failover.AllReregistered)} all_offered_ms={Ms(failover.AllOffered)}"));
            var complete = failover.AgentsOnMaster == agents && failover.TasksOnMaster == tasks;
            if (!complete) output.WriteLine("the new master is missing agents or tasks");
            return complete ? 0 : 1;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
}
