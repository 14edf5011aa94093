using Scheduler.Agent.Docker;

namespace Scheduler.Integration.Tests;

/// <summary><c>sched run --docker</c> against a real cluster whose agent runs Docker tasks on a real engine
/// (see scripts/docker-engine.sh).</summary>
[TestFixture]
public sealed class DockerCliTests : ClusterFixture
{
    private const string Image = "local/busybox:1";
    protected override void RequireMore()
    {
        var socket = DockerEngine.DefaultSocket();
        if (!File.Exists(socket)) Assert.Ignore($"No Docker engine socket at {socket}; start one with scripts/docker-engine.sh start");
    }

    [Test]
    public async Task Run_in_a_docker_image_prints_the_output_and_exits_zero()
    {
        var result = await SchedProcess.RunAsync("run", "--master", MasterAddress, "--docker", Image, "--", "echo", "hello");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.That(result.Stdout, Is.EqualTo("hello\n"));
    }

    [Test]
    public async Task Run_in_a_docker_image_exits_with_the_code_of_the_task()
    {
        var result = await SchedProcess.RunAsync("run", "--master", MasterAddress, "--docker", Image, "--", "sh -c 'echo oops >&2; exit 3'");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.Stderr);
        Assert.That(result.Stderr, Does.Contain("oops"));
    }

    [Test]
    public async Task Run_in_a_docker_image_reports_the_memory_limit()
    {
        var result = await SchedProcess.RunAsync("run", "--master", MasterAddress, "--docker", Image, "--mem", "16", "--",
            "head -c 100m /dev/zero | tail");

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Stderr, Does.Contain("memory limit").IgnoreCase);
    }

    [Test]
    public async Task Run_with_a_missing_image_fails_with_a_clear_reason()
    {
        var result = await SchedProcess.RunAsync("run", "--master", MasterAddress, "--docker", "local/no-such-image:1", "--", "true");

        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Stderr, Does.Contain("local/no-such-image:1 is not available"));
    }
}
