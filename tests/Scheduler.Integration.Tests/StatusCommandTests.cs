using System.Text.RegularExpressions;

namespace Scheduler.Integration.Tests;

/// <summary><c>sched status</c> against a real cluster, run as its own process.</summary>
[TestFixture]
[NonParallelizable]
public sealed class StatusCommandTests
{
    private TestCluster _cluster = null!;
    private string _master = "";

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        if (!CgroupsAvailable.Check(out var why)) Assert.Ignore(why);
        _cluster = await TestCluster.StartAsync("cpus:2;mem:1024;disk:1024;ports:[31000-32000]");
        _master = _cluster.MasterUri.Authority;
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    [Test]
    public async Task Status_shows_the_leader_the_agent_the_resources_and_a_finished_task()
    {
        var run = await SchedProcess.RunAsync("run", "--master", _master, "--cpus", "0.1", "--mem", "32", "--", "true");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        var leader = (await _cluster.StateAsync())["leader"]!.GetValue<string>();

        var result = await SchedProcess.RunAsync("status", "--master", _master);
        TestContext.Out.WriteLine(result.Stdout);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Does.Contain(leader));
            Assert.That(result.Stdout, Does.Contain("1 active, 0 inactive"));
            Assert.That(result.Stdout, Does.Match(@"cpus\s*│\s*2\s*│"), "the agent's 2 cpus as the total");
            Assert.That(result.Stdout, Does.Match(@"mem \(MB\)\s*│\s*1024\s*│"));
            Assert.That(Regex.IsMatch(result.Stdout, @"TASK_FINISHED\s*│\s*1\s*│"), Is.True, result.Stdout);
        });
    }

    [Test]
    public async Task Status_fails_with_a_message_when_the_master_cannot_be_reached()
    {
        var result = await SchedProcess.RunAsync("status", "--master", "127.0.0.1:1");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("cannot reach the master"));
    }
}
