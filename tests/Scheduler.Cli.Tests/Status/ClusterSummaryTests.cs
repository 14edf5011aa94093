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

    [Test]
    public void Its_json_has_the_counts_resources_roles_and_tasks_by_state()
    {
        var state = JsonNode.Parse("""
            {"leader":"master@127.0.0.1:5050","version":"1.0",
             "slaves":[{"active":true,"resources":{"cpus":4,"mem":4096,"disk":100},"used_resources":{"cpus":1},"offered_resources":{}},
                       {"active":false,"resources":{"cpus":2,"mem":1024,"disk":100},"used_resources":{},"offered_resources":{}}],
             "frameworks":[{"connected":true,"tasks":[{"state":"TASK_RUNNING"},{"state":"TASK_RUNNING"}],
                            "completed_tasks":[{"state":"TASK_FINISHED"}]}],
             "completed_frameworks":[],"orphan_tasks":[],"roles":[]}
            """)!.AsObject();

        var json = ClusterSummary.FromState(state).ToJson();

        Assert.Multiple(() =>
        {
            Assert.That(json["leader"]!.ToString(), Is.EqualTo("master@127.0.0.1:5050"));
            Assert.That(json["agents"]!["active"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(json["agents"]!["inactive"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(json["frameworks"]!["connected"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(json["resources"]![0]!["name"]!.ToString(), Is.EqualTo("cpus"));
            Assert.That(json["resources"]![0]!["total"]!.GetValue<double>(), Is.EqualTo(6));
            Assert.That(json["resources"]![0]!["idle"]!.GetValue<double>(), Is.EqualTo(5));
            Assert.That(json["tasks_by_state"]!["TASK_RUNNING"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(json["tasks_by_state"]!["TASK_FINISHED"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }
}
