using System.Text.RegularExpressions;

namespace Scheduler.Integration.Tests;

/// <summary><c>sched status</c> against a real cluster, run as its own process.</summary>
[TestFixture]
public sealed class StatusCommandTests : ClusterFixture
{
    [Test]
    public async Task Status_shows_the_leader_the_agent_the_resources_and_a_finished_task()
    {
        var run = await SchedProcess.RunAsync("run", "--master", MasterAddress, "--cpus", "0.1", "--mem", "32", "--", "true");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        var leader = (await Cluster.StateAsync())["leader"]!.GetValue<string>();

        var result = await SchedProcess.RunAsync("status", "--master", MasterAddress);
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
    public async Task Status_fails_with_a_message_when_theMasterAddress_cannot_be_reached()
    {
        var result = await SchedProcess.RunAsync("status", "--master", "127.0.0.1:1");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("cannot reach the master"));
    }
}
