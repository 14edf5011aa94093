using Docker.DotNet;
using Docker.DotNet.Models;
using Scheduler.Agent.Docker;
using Scheduler.Protocol;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using TaskState = Scheduler.Protocol.V1.TaskState;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Tests.Docker;

/// <summary>
/// An agent actor pulling a task's image from the test engine's registry: the pull's progress reaches the framework
/// as further TASK_STARTING updates, and an image the registry lacks fails the task at once.
/// </summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DockerImagePullTests() : AgentActorFixture("docker-image-pull-tests")
{
    private const string TaskId = "pulled-task";

    private IDockerClient _client = null!;
    private DockerContainerizer? _containerizer;

    [SetUp]
    public async Task StartAgent()
    {
        _client = await TestDockerEngine.ConnectOrIgnoreAsync();
        await TestDockerEngine.RequireRegistryAsync();
        CreateWorkDirectory("docker-image-pull-tests-");
        _containerizer = new DockerContainerizer(DockerEngine.Connect(TestDockerEngine.Socket), WorkDirectory,
            pullTimeout: TimeSpan.FromSeconds(20), pullProgressInterval: TimeSpan.FromMilliseconds(100));
        StartAgentActor(_containerizer);
        RegisterAgent();
    }

    [TearDown]
    public async Task RemoveContainers()
    {
        if (_containerizer is not null)
        {
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
            await _containerizer.CleanupOrphansAsync();
            _containerizer.Dispose();
        }
        _client?.Dispose();
    }

    [Test]
    public async Task A_pulled_image_reports_its_progress_while_starting_and_the_task_finishes()
    {
        await RemoveFromEngineAsync(TestDockerEngine.RegistryImage);

        Run(TestDockerEngine.RegistryImage, "echo pulled");
        var updates = AcknowledgeUntilTerminal();

        var states = updates.Select(u => u.State).ToList();
        var pulling = updates.FindIndex(u => u.State == TaskState.TaskStarting && u.Message.StartsWith("Pulling image 127.0.0.1:5000/busybox:1"));
        var pulled = updates.FindIndex(u => u.State == TaskState.TaskStarting && u.Message.StartsWith("Pulled image 127.0.0.1:5000/busybox:1 in "));
        Assert.Multiple(() =>
        {
            Assert.That(pulling, Is.GreaterThan(0), string.Join(" | ", updates.Select(u => $"{u.State}: {u.Message}")));
            Assert.That(pulled, Is.GreaterThan(pulling));
            Assert.That(states.IndexOf(TaskState.TaskRunning), Is.GreaterThan(pulled));
            Assert.That(states[^1], Is.EqualTo(TaskState.TaskFinished));
            Assert.That(File.ReadAllText(Path.Combine(Sandbox(TaskId), "stdout")), Is.EqualTo("pulled\n"));
        });
        Assert.That(await _client.Images.InspectImageAsync(TestDockerEngine.RegistryImage), Is.Not.Null, "the image stays on the engine");
    }

    [Test]
    public void An_image_the_registry_lacks_fails_the_task_quickly_with_the_registrys_answer()
    {
        var missing = $"{TestDockerEngine.Registry}/busybox:missing-{Guid.NewGuid():N}";
        var started = DateTime.UtcNow;

        Run(missing, "true");
        var updates = AcknowledgeUntilTerminal();

        var failed = updates[^1];
        Assert.Multiple(() =>
        {
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)));
            Assert.That(failed.State, Is.EqualTo(TaskState.TaskFailed));
            Assert.That(failed.Reason, Is.EqualTo(TaskStatus.Types.Reason.ContainerLaunchFailed));
            Assert.That(failed.Message, Does.Contain($"Image {missing} is not available: "));
            Assert.That(failed.Message, Does.Contain("not found"));
            Assert.That(updates.Select(u => u.State), Has.No.Member(TaskState.TaskRunning));
        });
    }

    private void Run(string image, string command)
    {
        var task = ShellTask(TaskId, command);
        task.Container = new ContainerInfo
        {
            Type = ContainerInfo.Types.Type.Docker,
            Docker = new ContainerInfo.Types.DockerInfo { Image = image, Network = ContainerInfo.Types.DockerInfo.Types.Network.None },
        };
        Launch(task);
    }

    /// <summary>Every status of the task in order up to a terminal one, each acknowledged so that the next is sent; the
    /// terminal one is not, so the agent keeps the task's checkpoint while the work directory is removed.</summary>
    private List<TaskStatus> AcknowledgeUntilTerminal()
    {
        var statuses = new List<TaskStatus>();
        while (statuses.Count == 0 || !TaskStates.IsTerminal(statuses[^1].State))
        {
            Assert.That(statuses, Has.Count.LessThan(50), "the task never reached a terminal state");
            var update = Master.ExpectMsg<StatusUpdateReported>(Patience);
            Assert.That(update.Status.TaskId.Value, Is.EqualTo(TaskId));
            statuses.Add(update.Status);
            if (!TaskStates.IsTerminal(update.Status.State)) Acknowledge(update);
        }
        return statuses;
    }

    private async Task RemoveFromEngineAsync(string image)
    {
        try
        {
            await _client.Images.DeleteImageAsync(image, new ImageDeleteParameters());
        }
        catch (DockerImageNotFoundException)
        {
        }
    }
}
