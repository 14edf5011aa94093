using System.Text.Json.Nodes;
using Scheduler.Cron;

namespace Scheduler.Integration.Tests;

/// <summary>The cron framework on a real cluster, driven by <c>sched cron</c> as a user would.</summary>
[TestFixture]
public sealed class CronJobTests : ClusterFixture
{
    private string directory = null!;
    private CronFramework framework = null!;

    [OneTimeSetUp]
    public async Task StartCronFramework()
    {
        directory = Directory.CreateTempSubdirectory("cron-jobs-").FullName;
        framework = await CronFramework.StartAsync(new CronFrameworkSettings
        {
            Masters = [Cluster.MasterUri], DataDirectory = Path.Combine(directory, "cron"), Port = 0,
        });
    }

    [OneTimeTearDown]
    public async Task StopCronFramework()
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
    public async Task A_job_every_two_seconds_finishes_two_runs_within_ten_seconds()
    {
        var file = JobFile("tick.yaml", "name: tick\nschedule: '*/2 * * * * *'\nconcurrency_policy: Forbid\ncommand: echo tick $SCHED_CRON_RUN\ncpus: 0.01\nmem: 16\n");

        var add = await SchedProcess.RunAsync("cron", "add", file, "--master", MasterAddress);
        Assert.That(add.ExitCode, Is.EqualTo(0), add.Stdout + add.Stderr);
        Assert.That(add.Stdout, Does.StartWith("tick: added, next run "));

        var job = await WaitForAsync("tick", TimeSpan.FromSeconds(12), job => Runs(job, "finished").Count >= 2);
        var finished = Runs(job, "finished");
        var scheduled = finished.Select(run => DateTimeOffset.Parse(run["scheduled_at"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(scheduled.Select(at => (at.Second % 2, at.Millisecond)), Is.All.EqualTo((0, 0)), "due on even seconds");
        Assert.That(scheduled.Distinct().Count(), Is.EqualTo(finished.Count));
        Assert.That(finished.Select(run => run["attempts"]!.GetValue<int>()), Is.All.EqualTo(1));

        var status = await SchedProcess.RunAsync("cron", "status", "tick", "--master", MasterAddress);
        Assert.That(status.ExitCode, Is.EqualTo(0), status.Stderr);
        Assert.That(status.Stdout, Does.Contain("finished").And.Contain("tick: */2 * * * * * (UTC, Forbid) — next run "));
        var list = JsonNode.Parse((await SchedProcess.RunAsync("cron", "list", "-o", "json", "--master", MasterAddress)).Stdout)!.AsArray();
        Assert.That(list.Select(entry => entry!["name"]!.ToString()), Does.Contain("tick"));

        var remove = await SchedProcess.RunAsync("cron", "remove", "tick", "--master", MasterAddress);
        Assert.That((remove.ExitCode, remove.Stdout.Trim()), Is.EqualTo((0, "tick: removed")));
        var gone = await SchedProcess.RunAsync("cron", "status", "tick", "--master", MasterAddress);
        Assert.That(gone.ExitCode, Is.EqualTo(2));
        Assert.That(gone.Stderr, Does.Contain("no cron job 'tick'"));
    }

    [Test]
    public async Task An_invalid_cron_file_is_refused_with_its_line_and_field()
    {
        var file = JobFile("bad.yaml", "name: bad\ncommand: x\nschedule: '* * *'\n");

        var add = await SchedProcess.RunAsync("cron", "add", file, "--master", MasterAddress);

        Assert.That(add.ExitCode, Is.EqualTo(2));
        Assert.That(add.Stderr, Does.Contain("bad.yaml:3: schedule: must have 5 fields"));
    }

    [Test]
    public async Task A_restarted_framework_fails_over_and_keeps_its_jobs_and_history()
    {
        var settings = new CronFrameworkSettings
        {
            Masters = [Cluster.MasterUri], DataDirectory = Path.Combine(directory, "restarted"), Port = 0, FrameworkName = "cron-restart",
        };
        var first = await CronFramework.StartAsync(settings);
        string? frameworkId;
        try
        {
            using var http = new HttpClient { BaseAddress = first.ApiAddress };
            using var response = await http.PostAsync("v1/cron", new StringContent("name: again\nschedule: '* * * * * *'\ncommand: 'true'\nmem: 16\n"));
            Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
            await WaitForAsync("again", TimeSpan.FromSeconds(10), job => Runs(job, "finished").Count >= 1, first.ApiAddress);
            frameworkId = first.Driver.FrameworkId?.Value;
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await CronFramework.StartAsync(settings);
        var before = Runs(await GetAsync(second.ApiAddress, "again"), "finished").Max(run => run["number"]!.GetValue<int>());
        var after = await WaitForAsync("again", TimeSpan.FromSeconds(10),
            job => Runs(job, "finished").Any(run => run["number"]!.GetValue<int>() > before), second.ApiAddress);

        Assert.That(Runs(after, "finished").Select(run => run["number"]!.GetValue<int>()), Does.Contain(before), "the history survived");
        Assert.That(second.Driver.FrameworkId?.Value, Is.EqualTo(frameworkId), "the second instance took over the same framework");
    }

    private static List<JsonNode> Runs(JsonNode job, string state) =>
        job["runs"]!.AsArray().OfType<JsonNode>().Where(run => run["state"]!.ToString() == state).ToList();

    private static async Task<JsonNode> GetAsync(Uri api, string name)
    {
        using var http = new HttpClient { BaseAddress = api };
        return JsonNode.Parse(await http.GetStringAsync($"v1/cron/{name}"))!;
    }

    private async Task<JsonNode> WaitForAsync(string name, TimeSpan within, Func<JsonNode, bool> condition, Uri? api = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var job = await GetAsync(api ?? framework.ApiAddress, name);
            if (condition(job)) return job;
            if (DateTime.UtcNow > deadline) Assert.Fail($"the cron job did not get there within {within.TotalSeconds} s: {job.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
