using System.Net;
using System.Text.Json.Nodes;
using Scheduler.Batch;

namespace Scheduler.Integration.Tests;

/// <summary>The batch framework on a real cluster, driven by <c>sched job</c> as a user would.</summary>
[TestFixture]
public sealed class BatchJobTests : ClusterFixture
{
    private string directory = null!;
    private BatchFramework framework = null!;

    [OneTimeSetUp]
    public async Task StartBatchFramework()
    {
        directory = Directory.CreateTempSubdirectory("batch-jobs-").FullName;
        framework = await BatchFramework.StartAsync(new BatchFrameworkSettings
        {
            Masters = [Cluster.MasterUri], DataDirectory = Path.Combine(directory, "batch"), Port = 0,
        });
    }

    [OneTimeTearDown]
    public async Task StopBatchFramework()
    {
        if (framework is not null) await framework.DisposeAsync();
        if (directory is not null) Directory.Delete(directory, recursive: true);
    }

    private string JobFile(string name, string yaml)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    [Test]
    public async Task Submit_and_wait_runs_every_task_of_an_array_and_exits_zero()
    {
        var file = JobFile("hello-array.yaml", "name: hello\ntasks:\n  - name: hello\n    array: 10\n    command: echo hello $SCHED_ARRAY_INDEX\n    cpus: 0.01\n    mem: 16\n");

        var submit = await SchedProcess.RunAsync("job", "submit", file, "--wait", "--master", MasterAddress);

        Assert.That(submit.ExitCode, Is.EqualTo(0), submit.Stdout + submit.Stderr);
        var id = submit.Stdout.Split('\n')[0];
        Assert.That(submit.Stdout, Does.Contain($"{id}: finished — 10 finished of 10"));
        var status = await SchedProcess.RunAsync("job", "status", id, "--output", "json", "--master", MasterAddress);
        var tasks = JsonNode.Parse(status.Stdout)!["tasks"]!.AsArray();
        Assert.That(tasks.Select(task => task!["state"]!.ToString()).ToList(), Has.Count.EqualTo(10).And.All.EqualTo("finished"));
        Assert.That(tasks.Select(task => task!["attempts"]!.GetValue<int>()), Is.All.EqualTo(1));

        var third = tasks.Single(task => task!["index"]!.GetValue<int>() == 3)!["task_id"]!.ToString();
        var logs = await SchedProcess.RunAsync("logs", third, "--master", MasterAddress);
        Assert.That(logs.ExitCode, Is.EqualTo(0), logs.Stderr);
        Assert.That(logs.Stdout, Does.Contain("hello 3"), "sched logs reads a batch task's sandbox by the task id `sched job status` shows");
    }

    [Test]
    public async Task The_cluster_commands_print_json_records_with_output_json()
    {
        var file = JobFile("json.yaml", "name: json-records\ncommand: echo records\ncpus: 0.01\nmem: 16\n");
        var submit = await SchedProcess.RunAsync("job", "submit", file, "--wait", "--master", MasterAddress);
        Assert.That(submit.ExitCode, Is.EqualTo(0), submit.Stdout + submit.Stderr);

        var agents = JsonNode.Parse((await SchedProcess.RunAsync("agents", "-o", "json", "--master", MasterAddress)).Stdout)!.AsArray();
        var tasks = JsonNode.Parse((await SchedProcess.RunAsync("tasks", "--state", "finished", "-o", "json", "--master", MasterAddress)).Stdout)!.AsArray();
        var frameworks = JsonNode.Parse((await SchedProcess.RunAsync("frameworks", "-o", "json", "--master", MasterAddress)).Stdout)!.AsArray();
        var status = JsonNode.Parse((await SchedProcess.RunAsync("status", "-o", "json", "--master", MasterAddress)).Stdout)!;

        Assert.Multiple(() =>
        {
            Assert.That(agents.Select(agent => agent!["state"]!.ToString()), Has.Member("active"));
            Assert.That(agents[0]!["resources"]!["cpus"]!.GetValue<double>(), Is.GreaterThan(0));
            Assert.That(tasks.Select(task => task!["state"]!.ToString()), Is.All.EqualTo("TASK_FINISHED"));
            Assert.That(tasks.Select(task => task!["id"]!.ToString()), Has.Some.StartsWith(submit.Stdout.Split('\n')[0] + "."));
            Assert.That(frameworks.Select(framework => framework!["name"]!.ToString()), Has.Member("batch"));
            Assert.That(status["agents"]!["active"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(1));
            Assert.That(status["tasks_by_state"]!["TASK_FINISHED"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task A_failing_task_is_retried_then_submit_and_wait_exits_non_zero()
    {
        var file = JobFile("retry.yaml", "name: retry\ncommand: exit 1\nretries: 1\nbackoff: 500ms\n");

        var submit = await SchedProcess.RunAsync("job", "submit", file, "--wait", "--master", MasterAddress);

        Assert.That(submit.ExitCode, Is.EqualTo(1), submit.Stdout + submit.Stderr);
        var id = submit.Stdout.Split('\n')[0];
        var job = JsonNode.Parse((await SchedProcess.RunAsync("job", "status", id, "-o", "json", "--master", MasterAddress)).Stdout)!;
        Assert.That(job["state"]!.ToString(), Is.EqualTo("failed"));
        Assert.That(job["tasks"]![0]!["attempts"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(job["tasks"]![0]!["message"]!.ToString(), Is.EqualTo("Command exited with status 1"));
    }

    [Test]
    public async Task An_invalid_job_file_is_refused_with_its_line_and_field()
    {
        var file = JobFile("bad.yaml", "name: bad\ntasks:\n  - name: a\n    command: x\n    cpus: -1\n");

        var submit = await SchedProcess.RunAsync("job", "submit", file, "--master", MasterAddress);

        Assert.That(submit.ExitCode, Is.EqualTo(2));
        Assert.That(submit.Stderr, Does.Contain("bad.yaml:5: tasks[0].cpus: must be positive"));
    }

    [Test]
    public async Task A_restarted_framework_fails_over_and_relaunches_nothing_that_ran()
    {
        var settings = new BatchFrameworkSettings
        {
            Masters = [Cluster.MasterUri], DataDirectory = Path.Combine(directory, "restarted"), Port = 0, FrameworkName = "batch-restart",
        };
        var first = await BatchFramework.StartAsync(settings);
        string id;
        try
        {
            id = JsonNode.Parse(await PostAsync(first.ApiAddress, "name: resume\ntasks:\n  - {name: quick, command: 'true', mem: 16}\n  - {name: slow, command: sleep 3, mem: 16, depends_on: quick}\n"))!["id"]!.ToString();
            await WaitForAsync(first.ApiAddress, id, job => job["tasks"]![1]!["state"]!.ToString() == "running");
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await BatchFramework.StartAsync(settings);
        var done = await WaitForAsync(second.ApiAddress, id, job => job["state"]!.ToString() is "finished" or "failed");

        Assert.That(done["state"]!.ToString(), Is.EqualTo("finished"), done.ToJsonString());
        Assert.That(done["tasks"]!.AsArray().Select(task => task!["attempts"]!.GetValue<int>()), Is.All.EqualTo(1));
        Assert.That(second.Driver.FrameworkId?.Value, Is.EqualTo(first.Driver.FrameworkId?.Value), "the second instance took over the same framework");
    }

    private static async Task<string> PostAsync(Uri api, string yaml)
    {
        using var http = new HttpClient { BaseAddress = api };
        using var response = await http.PostAsync("v1/jobs", new StringContent(yaml));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<JsonNode> WaitForAsync(Uri api, string id, Func<JsonNode, bool> condition)
    {
        using var http = new HttpClient { BaseAddress = api };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var job = JsonNode.Parse(await http.GetStringAsync($"v1/jobs/{id}"))!;
            if (condition(job)) return job;
            if (DateTime.UtcNow > deadline) Assert.Fail($"the job did not get there within 30 s: {job.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
