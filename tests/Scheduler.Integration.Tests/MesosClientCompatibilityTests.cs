using System.Diagnostics;

namespace Scheduler.Integration.Tests;

/// <summary>
/// Off-the-shelf Mesos clients in another language run against our master with no change: a framework written with
/// the <c>mesos-framework</c> Node.js package (v1 scheduler API) subscribes, launches, acknowledges and tears down, and
/// DC/OS's <c>@dcos/mesos-client</c> reads the operator API and its SUBSCRIBE event stream.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class MesosClientCompatibilityTests
{
    [Test]
    public async Task The_mesos_framework_nodejs_client_runs_a_command_task_to_completion()
    {
        if (!CgroupsAvailable.Check(out var why)) Assert.Ignore(why);
        var client = ClientDirectory();
        if (!Directory.Exists(Path.Combine(client, "node_modules", "mesos-framework")))
            Assert.Ignore($"the Node.js client is not installed: run `npm ci` in {client} (.ci/run does)");
        await using var cluster = await TestCluster.StartAsync();
        var workDir = Path.Combine(cluster.Directory, "js");
        Directory.CreateDirectory(Path.Combine(workDir, "logs"));

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(client, "framework.js"));
        start.ArgumentList.Add(cluster.MasterUri.Host);
        start.ArgumentList.Add(cluster.MasterUri.Port.ToString());
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await node.WaitForExitAsync(timeout.Token);
        var output = await stdout;

        Assert.That(node.ExitCode, Is.EqualTo(0), output + await stderr);
        Assert.That(output, Does.Contain("UPDATE TASK_RUNNING").And.Contain("RESULT TASK_FINISHED"));
        var state = await cluster.StateAsync();
        var finished = state["completed_frameworks"]!.AsArray().Concat(state["frameworks"]!.AsArray())
            .Where(f => f!["name"]!.GetValue<string>() == "mesos-framework-js")
            .SelectMany(f => f!["completed_tasks"]!.AsArray())
            .Select(t => t!["state"]!.GetValue<string>());
        Assert.That(finished, Does.Contain("TASK_FINISHED"));
    }

    [Test]
    public async Task The_dcos_mesos_client_reads_the_operator_api_and_its_event_stream()
    {
        if (!CgroupsAvailable.Check(out var why)) Assert.Ignore(why);
        var client = ClientDirectory();
        if (!Directory.Exists(Path.Combine(client, "node_modules", "@dcos", "mesos-client")))
            Assert.Ignore($"the Node.js client is not installed: run `npm ci` in {client} (.ci/run does)");
        await using var cluster = await TestCluster.StartAsync();
        await cluster.WaitForAgentsAsync(1);
        var agentId = (await cluster.StateAsync())["slaves"]!.AsArray().Single()!["id"]!.GetValue<string>();

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(client, "operator.js"));
        start.ArgumentList.Add(cluster.MasterUri.Host);
        start.ArgumentList.Add(cluster.MasterUri.Port.ToString());
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        var output = await stdout;

        Assert.That(node.ExitCode, Is.EqualTo(0), output + await stderr);
        Assert.That(output, Does.Contain("GET_STATE agents=1").And.Contain($"AGENT {agentId}")
            .And.Contain("GET_FRAMEWORKS frameworks=0").And.Contain("GET_TASKS type=GET_TASKS")
            .And.Contain("SUBSCRIBED agents=1 heartbeat=15").And.Contain("EVENT HEARTBEAT").And.Contain("RESULT ok"));
    }

    private static string ClientDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Scheduler.Integration.Tests", "MesosClients", "js");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("MesosClients/js not found above the test's directory");
    }
}
