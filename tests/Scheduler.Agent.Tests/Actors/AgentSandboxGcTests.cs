using Scheduler.Agent.Containers;
using Scheduler.Agent.Tasks;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Actors;

/// <summary>The agent removes finished sandboxes once their terminal update is acknowledged and the (here tiny) delay
/// has passed, and leftovers of tasks it no longer knows after a restart (needs root and cgroups).</summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentSandboxGcTests() : AgentActorFixture("agent-sandbox-gc-tests")
{
    private CgroupContainerizer? _containerizer;

    [SetUp]
    public void CreateAgentWorkDirectory()
    {
        RequireRootAndCgroups("Sandbox garbage collection tests");
        _containerizer = CgroupContainerizer.ForHost();
        CreateWorkDirectory("agent-sandbox-gc-tests-");
    }

    [TearDown]
    public async Task StopContainers()
    {
        if (_containerizer is not null)
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
    }

    private void StartAgentWithTinyGcDelay()
    {
        StartAgentActor(_containerizer!, configure: settings => settings with
        {
            GcDelay = TimeSpan.FromMilliseconds(200),
            GcDiskHeadroom = 0,
            DiskWatchInterval = TimeSpan.FromMilliseconds(50),
        });
        RegisterAgent();
    }

    [Test]
    public void A_finished_tasks_sandbox_goes_once_its_end_is_acknowledged_and_a_running_tasks_stays()
    {
        StartAgentWithTinyGcDelay();
        Launch(ShellTask("done", "echo hi"));
        AcknowledgeUntilRunning("done");
        var finished = ExpectUpdate("done", TaskState.TaskFinished);

        Launch(ShellTask("runner", "sleep 60"));
        AcknowledgeUntilRunning("runner");
        var keptUntilAcknowledged = Directory.Exists(Sandbox("done"));
        Acknowledge(finished);
        WaitUntil(() => !Directory.Exists(Sandbox("done")), "the finished task's sandbox is removed");

        Assert.Multiple(() =>
        {
            Assert.That(keptUntilAcknowledged, Is.True, "the sandbox stays while its terminal update is unacknowledged");
            Assert.That(File.Exists(Path.Combine(Sandbox("runner"), "stdout")), Is.True, "the running task's sandbox stays");
        });
    }

    [Test]
    public void After_a_restart_sandboxes_of_tasks_the_agent_does_not_know_are_removed_with_their_framework_directory()
    {
        var leftover = Sandbox("old-task", "old-framework");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "stdout"), "from an earlier agent");

        StartAgentWithTinyGcDelay();
        Launch(ShellTask("runner", "sleep 60"));
        AcknowledgeUntilRunning("runner");
        WaitUntil(() => !Directory.Exists(leftover), "the unknown task's sandbox is removed");

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(Path.Combine(SandboxLayout.FrameworksDirectory(WorkDirectory), "old-framework")), Is.False);
            Assert.That(Directory.Exists(Sandbox("runner")), Is.True);
        });
    }
}
