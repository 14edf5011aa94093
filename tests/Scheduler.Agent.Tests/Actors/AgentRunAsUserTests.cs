using Scheduler.Agent.Containers;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Tests.Actors;

/// <summary>Tasks run as the user their command or, failing that, their framework names (needs root and cgroups).</summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentRunAsUserTests() : AgentActorFixture("agent-run-as-user-tests")
{
    private const string Nobody = "65534";
    private const string WhoAmI = "id -u; stat -c %u .; touch written-by-task && echo wrote";

    private CgroupContainerizer? _containerizer;

    [SetUp]
    public void StartAgent()
    {
        RequireRootAndCgroups("Run-as-user tests");
        _containerizer = CgroupContainerizer.ForHost();
        CreateWorkDirectory("agent-run-as-user-tests-");
        StartAgentActor(_containerizer);
        RegisterAgent();
    }

    [TearDown]
    public async Task StopContainers()
    {
        if (_containerizer is not null)
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
    }

    [Test]
    public void A_command_with_a_user_runs_as_that_user_in_a_sandbox_it_owns()
    {
        var task = ShellTask("as-nobody", WhoAmI);
        task.Command.User = "nobody";

        Launch(task);
        AcknowledgeUntilRunning("as-nobody");
        var finished = ExpectUpdate("as-nobody", TaskState.TaskFinished);

        Assert.Multiple(() =>
        {
            Assert.That(ExitCode(finished), Is.EqualTo("0"), File.ReadAllText(Path.Combine(Sandbox("as-nobody"), "stderr")));
            Assert.That(File.ReadAllLines(Path.Combine(Sandbox("as-nobody"), "stdout")), Is.EqualTo(new[] { Nobody, Nobody, "wrote" }));
            Assert.That(File.Exists(Path.Combine(Sandbox("as-nobody"), "written-by-task")), Is.True);
        });
    }

    [Test]
    public void A_command_without_a_user_runs_as_its_frameworks_user()
    {
        var framework = new FrameworkInfo { Id = new FrameworkID { Value = FrameworkId }, Name = "nobodys", User = "nobody" };

        Agent.Tell(new RunTask { Framework = framework, Task = ShellTask("framework-user", WhoAmI) }, Master.Ref);
        AcknowledgeUntilRunning("framework-user");
        var finished = ExpectUpdate("framework-user", TaskState.TaskFinished);

        Assert.Multiple(() =>
        {
            Assert.That(ExitCode(finished), Is.EqualTo("0"), File.ReadAllText(Path.Combine(Sandbox("framework-user"), "stderr")));
            Assert.That(File.ReadAllLines(Path.Combine(Sandbox("framework-user"), "stdout")), Is.EqualTo(new[] { Nobody, Nobody, "wrote" }));
        });
    }

    [Test]
    public void An_unknown_user_fails_the_task_saying_so()
    {
        var task = ShellTask("ghost", "id -u");
        task.Command.User = "no-such-user-here";

        Launch(task);
        Acknowledge(ExpectUpdate("ghost", TaskState.TaskStarting));
        var failed = ExpectUpdate("ghost", TaskState.TaskFailed);

        Assert.Multiple(() =>
        {
            Assert.That(failed.Status.Message, Does.Contain("User 'no-such-user-here' does not exist on this agent"));
            Assert.That(failed.Status.Reason, Is.EqualTo(TaskStatus.Types.Reason.ContainerLaunchFailed));
        });
    }
}
