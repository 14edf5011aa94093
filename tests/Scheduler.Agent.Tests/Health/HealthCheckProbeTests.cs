using System.Net;
using System.Net.Sockets;
using Scheduler.Agent.Health;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Health;

/// <summary>The COMMAND, HTTP and TCP probes against real processes, servers and sockets on the loopback address.</summary>
[TestFixture]
public sealed class HealthCheckProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private string _sandbox = null!;

    [SetUp]
    public void CreateSandbox() => _sandbox = Directory.CreateTempSubdirectory("health-check-tests-").FullName;

    [TearDown]
    public void RemoveSandbox() => Directory.Delete(_sandbox, recursive: true);

    [Test]
    public async Task HealthyTaskViaHTTP()
    {
        await using var server = await TestHttpServer.StartAsync();
        var check = HealthChecks.Create(CheckedTask(new HealthCheck
        {
            Type = HealthCheck.Types.Type.Http,
            Http = new HealthCheck.Types.HTTPCheckInfo { Port = (uint)server.Port, Path = "/health" },
        }), _sandbox);

        var healthy = await HealthChecks.RunAsync(check, Timeout);
        server.StatusCode = 302;
        var redirected = await HealthChecks.RunAsync(check, Timeout);
        server.StatusCode = 503;
        var unavailable = await HealthChecks.RunAsync(check, Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(((HttpHealthCheck)check).Url, Is.EqualTo(new Uri($"http://127.0.0.1:{server.Port}/health")));
            Assert.That(healthy, Is.EqualTo(HealthCheckResult.Success));
            Assert.That(redirected, Is.EqualTo(HealthCheckResult.Success), "3xx is healthy");
            Assert.That(unavailable.Succeeded, Is.False);
            Assert.That(unavailable.Failure, Does.StartWith("HTTP health check failed").And.Contain("503"));
            Assert.That(server.Requests, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task An_HTTP_check_of_a_port_nobody_listens_on_fails()
    {
        var check = HealthChecks.Create(CheckedTask(new HealthCheck
        {
            Type = HealthCheck.Types.Type.Http,
            Http = new HealthCheck.Types.HTTPCheckInfo { Port = (uint)UnusedPort() },
        }), _sandbox);

        var result = await HealthChecks.RunAsync(check, Timeout);

        Assert.That(result.Succeeded, Is.False, result.Failure);
    }

    [Test]
    public async Task HealthyTaskViaTCP()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var check = HealthChecks.Create(CheckedTask(new HealthCheck
        {
            Type = HealthCheck.Types.Type.Tcp,
            Tcp = new HealthCheck.Types.TCPCheckInfo { Port = (uint)port },
        }), _sandbox);

        var healthy = await HealthChecks.RunAsync(check, Timeout);
        using var accepted = await listener.AcceptTcpClientAsync();
        listener.Stop();
        var closed = await HealthChecks.RunAsync(check, Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(healthy, Is.EqualTo(HealthCheckResult.Success));
            Assert.That(closed.Succeeded, Is.False);
            Assert.That(closed.Failure, Does.StartWith("TCP health check failed").And.Contain($"127.0.0.1:{port}"));
        });
    }

    [Test]
    public async Task A_command_check_runs_in_the_sandbox_with_the_tasks_environment()
    {
        var task = CheckedTask(new HealthCheck
        {
            Type = HealthCheck.Types.Type.Command,
            Command = new CommandInfo { Value = "test -f ready && test \"$GREETING\" = hello && test \"$MESOS_SANDBOX\" = \"$PWD\"" },
        });
        task.Command.Environment = new Protocol.V1.Environment { Variables = { new Protocol.V1.Environment.Types.Variable { Name = "GREETING", Value = "hello" } } };
        var check = HealthChecks.Create(task, _sandbox);

        var notReady = await HealthChecks.RunAsync(check, Timeout);
        await File.WriteAllTextAsync(Path.Combine(_sandbox, "ready"), "");
        var ready = await HealthChecks.RunAsync(check, Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(notReady.Succeeded, Is.False);
            Assert.That(notReady.Failure, Is.EqualTo("COMMAND health check failed: Command returned 1"));
            Assert.That(ready, Is.EqualTo(HealthCheckResult.Success));
        });
    }

    [Test]
    public async Task A_command_that_outlives_its_timeout_fails_and_is_killed()
    {
        var check = HealthChecks.Create(CheckedTask(new HealthCheck
        {
            Type = HealthCheck.Types.Type.Command,
            Command = new CommandInfo { Value = "echo $$ > pid; exec sleep 60" },
        }), _sandbox);

        var result = await HealthChecks.RunAsync(check, TimeSpan.FromMilliseconds(300));

        Assert.That(result.Failure, Does.Contain("no answer within 0.3 s"));
        var pid = int.Parse(File.ReadAllText(Path.Combine(_sandbox, "pid")).Trim());
        Assert.That(() => Directory.Exists($"/proc/{pid}"), Is.False.After(5000, 50), "the command was killed");
    }

    [Test]
    public void An_HTTP_check_without_a_port_is_invalid()
    {
        var task = CheckedTask(new HealthCheck { Type = HealthCheck.Types.Type.Http });

        Assert.That(() => HealthChecks.Create(task, _sandbox), Throws.ArgumentException.With.Message.Contains("port"));
    }

    private static TaskInfo CheckedTask(HealthCheck check) => new()
    {
        Name = "checked",
        TaskId = new TaskID { Value = "checked" },
        Command = new CommandInfo { Value = "sleep 60" },
        HealthCheck = check,
    };

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
