using Scheduler.Agent.Containers;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Actors;

/// <summary>The agent's pids limit and a task's <c>pids_limit</c> label on real containers (needs root and cgroups).</summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentPidsLimitTests() : AgentActorFixture("agent-pids-limit-tests")
{
    private const long AgentLimit = 100;

    private CgroupContainerizer? _containerizer;

    [SetUp]
    public void StartAgent()
    {
        RequireRootAndCgroups("Pids limit tests");
        _containerizer = CgroupContainerizer.ForHost();
        CreateWorkDirectory("agent-pids-limit-tests-");
        StartAgentActor(_containerizer, configure: settings => settings with { ContainerPidsLimit = AgentLimit });
        RegisterAgent();
    }

    [TearDown]
    public async Task StopContainers()
    {
        if (_containerizer is not null)
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
    }

    [Test]
    public void A_task_gets_the_agents_limit()
    {
        Launch(ShellTask("plain", "sleep 60"));
        AcknowledgeUntilRunning("plain");

        Assert.That(ReadPidsFile(_containerizer!.Running.Single().ContainerId, "pids.max"), Is.EqualTo(AgentLimit));
    }

    [Test]
    public void A_fork_bomb_under_its_labelled_limit_is_held_and_then_killed_with_everything_it_forked()
    {
        var task = ShellTask("bomb",
            "sh -c 'i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done; wait'; echo bomb-ended-$?; exec sleep 60");
        task.Labels = new Labels { Labels_ = { new Label { Key = LaunchDefaults.PidsLimitLabel, Value = "32" } } };

        Launch(task);
        AcknowledgeUntilRunning("bomb");
        var stdout = Path.Combine(Sandbox("bomb"), "stdout");
        WaitUntil(() => File.Exists(stdout) && File.ReadAllText(stdout).Contains("bomb-ended"), "the fork bomb hits its limit");
        var containerId = _containerizer!.Running.Single().ContainerId;
        var inside = _containerizer.Cgroups.Processes(containerId);

        Assert.Multiple(() =>
        {
            Assert.That(ReadPidsFile(containerId, "pids.max"), Is.EqualTo(32));
            Assert.That(ReadPidsFile(containerId, "pids.current"), Is.LessThanOrEqualTo(32).And.GreaterThan(25));
            Assert.That(inside, Has.Count.LessThanOrEqualTo(32));
            Assert.That(File.ReadAllText(Path.Combine(Sandbox("bomb"), "stderr")), Does.Contain("Cannot fork"));
        });

        Agent.Tell(new KillTask { FrameworkId = new FrameworkID { Value = FrameworkId }, TaskId = new TaskID { Value = "bomb" } }, Master.Ref);
        ExpectUpdate("bomb", TaskState.TaskKilled);
        WaitUntil(() => !_containerizer.Cgroups.Exists(containerId), "the container's cgroups are removed");
        WaitUntil(() => inside.All(pid => !IsAlive(pid)), "every process the bomb forked is dead");
    }

    private long ReadPidsFile(string containerId, string file)
    {
        var directory = _containerizer!.Cgroups switch
        {
            CgroupsV1 v1 => v1.ContainerDirectory("pids", containerId)!,
            CgroupsV2 v2 => v2.ContainerDirectory(containerId),
            var other => throw new InvalidOperationException("Unknown cgroups " + other.Version),
        };
        return long.Parse(File.ReadAllText(Path.Combine(directory, file)).Trim());
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
