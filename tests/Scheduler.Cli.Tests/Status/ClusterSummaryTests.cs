using System.Text.Json.Nodes;
using Scheduler.Cli.Status;

namespace Scheduler.Cli.Tests.Status;

[TestFixture]
public sealed class ClusterSummaryTests
{
    [Test]
    public void Roles_show_weight_frameworks_what_tasks_use_and_the_quota()
    {
        var state = JsonNode.Parse("""
            {"leader":"master@127.0.0.1:5050","version":"1.0",
             "slaves":[{"active":true,"resources":{"cpus":4,"mem":4096,"disk":100},"used_resources":{"cpus":1.5,"mem":512},"offered_resources":{"cpus":1}}],
             "frameworks":[],"completed_frameworks":[],"orphan_tasks":[],
             "roles":[{"name":"eng","weight":2.5,"frameworks":["f-1","f-2"],"allocated":{"cpus":1.5,"mem":512},"offered":{"cpus":1},
                       "quota":{"role":"eng","guarantee":{"cpus":1,"mem":256},"limit":{"cpus":3}}},
                      {"name":"ops","weight":1,"frameworks":[],"allocated":{},"offered":{},"quota":{"role":"ops","guarantee":{},"limit":{}}}]}
            """)!.AsObject();

        var summary = ClusterSummary.FromState(state);

        Assert.Multiple(() =>
        {
            Assert.That(summary.Roles, Is.EqualTo(new[]
            {
                new RoleUsage("eng", 2.5, 2, 1.5, 512, "cpus 1 / 3, mem 256"),
                new RoleUsage("ops", 1, 0, 0, 0, ""),
            }));
            Assert.That(summary.Resources.Single(r => r.Name == "cpus").Idle, Is.EqualTo(1.5));
        });
    }
}
