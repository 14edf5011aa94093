using System.Text.Json.Nodes;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Http;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Http;

/// <summary><c>/monitor/statistics</c> in Mesos's shape, from a real container in real cgroups (needs root).</summary>
[TestFixture]
[NonParallelizable]
public sealed class MonitorStatisticsTests
{
    [Test]
    public void Each_container_is_one_entry_in_Mesos_shape()
    {
        var task = new AgentTask(new FrameworkInfo { Id = new FrameworkID { Value = "framework-1" } }, CommandTask("web", "python3 -m http.server 8080"), "/sandbox");
        var usage = new ContainerUsage(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), TimeSpan.FromSeconds(3),
            1000, 2000, 32 * 1024 * 1024, 2)
        {
            CpuUserTime = TimeSpan.FromSeconds(2), CpuSystemTime = TimeSpan.FromSeconds(1),
        };

        var json = MonitorStatisticsJson.Build([(MonitoredContainer.Of(task, new StoppedContainer()), usage)]);

        Assert.That(JsonNode.DeepEquals(json, JsonNode.Parse("""
            [{
              "executor_id": "web",
              "executor_name": "Command Executor (Task: web) (Command: sh -c 'python3 -m http...')",
              "framework_id": "framework-1",
              "source": "web",
              "statistics": {
                "timestamp": 1700000000.5,
                "cpus_user_time_secs": 2,
                "cpus_system_time_secs": 1,
                "cpus_limit": 0.25,
                "mem_rss_bytes": 1000,
                "mem_limit_bytes": 33554432,
                "processes": 2
              }
            }]
            """)), Is.True, json.ToJsonString());
    }

    [Test]
    public async Task The_agent_serves_the_usage_of_its_running_containers()
    {
        if (System.Environment.UserName != "root" || CgroupsDetector.Detect() is not { } cgroups)
        {
            Assert.Ignore("Needs root and cgroups to run a container; running as " + System.Environment.UserName);
            return;
        }
        var workDirectory = Directory.CreateTempSubdirectory("monitor-statistics-tests-").FullName;
        var containerizer = new CgroupContainerizer(cgroups);
        var task = new AgentTask(new FrameworkInfo { Id = new FrameworkID { Value = "framework-1" } },
            CommandTask("busy", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 60"), Path.Combine(workDirectory, "sandbox"));
        var spec = LaunchSpecBuilder.Build(task.Framework.Id, task.Info, task.Sandbox);
        var container = await containerizer.LaunchAsync(spec);
        try
        {
            await using var server = await AgentHttpServer.StartAsync(
                new AgentSettings { WorkDirectory = workDirectory, HttpPort = 0 },
                containers: _ => Task.FromResult<IReadOnlyList<MonitoredContainer>>([MonitoredContainer.Of(task, container)]));
            using var client = new HttpClient { BaseAddress = server.Address };

            JsonNode? statistics = null;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                var entries = JsonNode.Parse(await client.GetStringAsync("/monitor/statistics"))!.AsArray();
                Assert.That(entries, Has.Count.EqualTo(1));
                Assert.That(entries[0]!["executor_id"]!.GetValue<string>(), Is.EqualTo("busy"));
                statistics = entries[0]!["statistics"];
                if (statistics!["cpus_user_time_secs"]!.GetValue<double>() + statistics["cpus_system_time_secs"]!.GetValue<double>() > 0.05) break;
                await Task.Delay(100);
            }

            Assert.Multiple(() =>
            {
                Assert.That(statistics!["cpus_user_time_secs"]!.GetValue<double>() + statistics["cpus_system_time_secs"]!.GetValue<double>(),
                    Is.GreaterThan(0.05), "the busy loop's cpu time");
                Assert.That(statistics["cpus_limit"]!.GetValue<double>(), Is.EqualTo(0.25));
                Assert.That(statistics["mem_limit_bytes"]!.GetValue<long>(), Is.EqualTo(32L * 1024 * 1024));
                Assert.That(statistics["mem_rss_bytes"]!.GetValue<long>(), Is.GreaterThan(0));
                Assert.That(statistics["processes"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(1));
                Assert.That(statistics["timestamp"]!.GetValue<double>(),
                    Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).Within(60));
            });
        }
        finally
        {
            await container.KillAsync(TimeSpan.Zero);
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    private static TaskInfo CommandTask(string id, string command)
    {
        var task = new TaskInfo { Name = id, TaskId = new TaskID { Value = id }, Command = new CommandInfo { Value = command } };
        task.Resources.AddRange(ResourceSet.Parse("cpus:0.25;mem:32").ToProto());
        return task;
    }

    private sealed class StoppedContainer : IRunningContainer
    {
        public string ContainerId => "stopped";
        public int Pid => 0;
        public Task<ContainerTermination> Termination => System.Threading.Tasks.Task.FromResult(ContainerTermination.Exited(0));
        public Task KillAsync(TimeSpan gracePeriod) => System.Threading.Tasks.Task.CompletedTask;
        public ContainerUsage Usage() => throw new InvalidOperationException("not read by the JSON builder");
    }
}
