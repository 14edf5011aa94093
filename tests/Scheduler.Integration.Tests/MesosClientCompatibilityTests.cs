using System.Diagnostics;

namespace Scheduler.Integration.Tests;

/// <summary>
/// A framework written for Apache Mesos with an off-the-shelf client in another language (the
/// <c>mesos-framework</c> Node.js package, v1 HTTP API) subscribes, launches, acknowledges and tears down
/// against our master with no change.
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
