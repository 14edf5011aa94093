using System.Net;
using System.Net.Sockets;
using System.Text;
using Scheduler.Agent.Containers;
using Scheduler.Agent.Tests.Fetching;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Agent.Tests.Actors;

/// <summary>
/// The agent actor fetching a task's URIs into its sandbox before the command runs in a real cgroup container, with
/// a real HTTP server on loopback (needs root and a cgroup mount).
/// </summary>
[TestFixture]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentFetchTests() : AgentActorFixture("agent-fetch-tests")
{
    private CgroupContainerizer? _containerizer;
    private TestFileServer _server = null!;

    [SetUp]
    public async Task StartAgent()
    {
        RequireRootAndCgroups("Agent fetch tests");
        _server = await TestFileServer.StartAsync();
        _containerizer = CgroupContainerizer.ForHost();
        CreateWorkDirectory("agent-fetch-tests-");
        StartAgentActor(_containerizer);
        RegisterAgent();
    }

    [TearDown]
    public async Task Stop()
    {
        if (_containerizer is not null)
            await Task.WhenAll(_containerizer.Running.Select(container => container.KillAsync(TimeSpan.Zero)));
        if (_server is not null) await _server.DisposeAsync();
    }

    [Test]
    public void A_task_sees_the_file_its_uri_fetched_into_the_sandbox()
    {
        _server.Serve("/fetched.txt", Encoding.UTF8.GetBytes("fetched over http\n"));
        Launch(TaskWithUri("reader", "cat fetched.txt", _server.Url("/fetched.txt")));

        AcknowledgeUntilRunning("reader");
        ExpectUpdate("reader", TaskState.TaskFinished);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(Sandbox("reader"), "stdout")), Is.EqualTo("fetched over http\n"));
            Assert.That(File.ReadAllText(Path.Combine(Sandbox("reader"), "stderr")), Does.Contain($"Fetched '{_server.Url("/fetched.txt")}'"));
        });
    }

    [Test]
    public void A_uri_that_cannot_be_fetched_fails_the_task_before_its_command_runs()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/x.tar.gz";
        Launch(TaskWithUri("unlucky", "touch ran", url));

        Acknowledge(ExpectUpdate("unlucky", TaskState.TaskStarting));
        var failed = ExpectUpdate("unlucky", TaskState.TaskFailed);

        Assert.Multiple(() =>
        {
            Assert.That(failed.Status.Reason, Is.EqualTo(TaskStatus.Types.Reason.ContainerLaunchFailed));
            Assert.That(failed.Status.Message, Is.EqualTo($"Failed to fetch '{url}': Connection refused"));
            Assert.That(File.Exists(Path.Combine(Sandbox("unlucky"), "ran")), Is.False);
            Assert.That(_containerizer!.Running, Is.Empty);
        });
    }

    [Test]
    public void Killing_a_task_while_it_fetches_stops_the_fetch_and_reports_killed()
    {
        Launch(TaskWithUri("waiting", "touch ran", _server.Url(TestFileServer.HangingPath)));
        Acknowledge(ExpectUpdate("waiting", TaskState.TaskStarting));
        WaitUntil(() => _server.RequestsFor(TestFileServer.HangingPath) == 1, "the fetch has reached the server");

        Agent.Tell(new KillTask { FrameworkId = new FrameworkID { Value = FrameworkId }, TaskId = new TaskID { Value = "waiting" } }, Master.Ref);

        ExpectUpdate("waiting", TaskState.TaskKilled);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(Sandbox("waiting"), "ran")), Is.False);
            Assert.That(_containerizer!.Running, Is.Empty);
        });
    }

    private static TaskInfo TaskWithUri(string taskId, string command, string uri)
    {
        var task = ShellTask(taskId, command);
        task.Command.Uris.Add(new CommandInfo.Types.URI { Value = uri });
        return task;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
