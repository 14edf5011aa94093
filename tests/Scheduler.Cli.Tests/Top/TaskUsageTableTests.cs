using System.Text.Json.Nodes;
using Scheduler.Cli.Top;

namespace Scheduler.Cli.Tests.Top;

[TestFixture]
public sealed class TaskUsageTableTests
{
    [Test]
    public void A_task_seen_once_has_its_memory_but_no_cpu_use_yet()
    {
        var table = new TaskUsageTable();

        var row = table.Update([Sample("web-1", timestamp: 100, cpuSeconds: 5, memoryBytes: 64L << 20)]).Single();

        Assert.Multiple(() =>
        {
            Assert.That(row.CpuPercent, Is.Null);
            Assert.That(row.MemoryMb, Is.EqualTo(64));
            Assert.That(row.MemoryLimitMb, Is.EqualTo(128));
            Assert.That(row.CpusLimit, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void Cpu_use_is_the_cpu_time_between_two_samples_over_the_wall_time()
    {
        var table = new TaskUsageTable();
        table.Update([Sample("web-1", timestamp: 100, cpuSeconds: 5)]);

        var row = table.Update([Sample("web-1", timestamp: 102, cpuSeconds: 6)]).Single();

        Assert.That(row.CpuPercent, Is.EqualTo(50).Within(1e-9));
    }

    [Test]
    public void Rows_are_ordered_by_cpu_then_memory_and_ended_tasks_drop_out()
    {
        var table = new TaskUsageTable();
        table.Update([Sample("idle", 100, 1), Sample("busy", 100, 1), Sample("gone", 100, 1)]);

        var rows = table.Update([Sample("idle", 101, 1, memoryBytes: 10L << 20), Sample("busy", 101, 1.9), Sample("new", 101, 0, memoryBytes: 1L << 20)]);

        Assert.That(rows.Select(r => r.TaskId), Is.EqualTo(new[] { "busy", "idle", "new" }));
    }

    [Test]
    public void A_sample_is_read_from_a_monitor_statistics_entry_adding_user_and_system_time()
    {
        var entry = JsonNode.Parse("""
            {"executor_id":"web-1","framework_id":"f-1","source":"web-1",
             "statistics":{"timestamp":1700000000.5,"cpus_user_time_secs":1.25,"cpus_system_time_secs":0.5,"cpus_limit":0.5,
                           "mem_rss_bytes":1048576,"mem_limit_bytes":33554432,"processes":3}}
            """)!.AsObject();

        var sample = TaskUsageSample.FromJson("agent-1", entry);

        Assert.That(sample, Is.EqualTo(new TaskUsageSample("agent-1", "f-1", "web-1", 1700000000.5, 1.75, 0.5, 1048576, 33554432, 3)));
    }

    private static TaskUsageSample Sample(string task, double timestamp, double cpuSeconds, long? memoryBytes = null) =>
        new("agent-1", "f-1", task, timestamp, cpuSeconds, 0.5, memoryBytes ?? 1L << 20, 128L << 20, 1);
}
