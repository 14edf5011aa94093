using System.Net;
using System.Text.Json.Nodes;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using Scheduler.Services;

namespace Scheduler.Integration.Tests;

/// <summary>The services framework on a real cluster: health-checked instances replaced when killed, and rolling upgrades.</summary>
[TestFixture]
public sealed class ServicesTests : ClusterFixture
{
    private string directory = null!;
    private ServicesFramework framework = null!;
    private HttpClient api = null!;

    [OneTimeSetUp]
    public async Task StartServicesFramework()
    {
        directory = Directory.CreateTempSubdirectory("services-").FullName;
        framework = await ServicesFramework.StartAsync(new ServicesFrameworkSettings
        {
            Masters = [Cluster.MasterUri], DataDirectory = Path.Combine(directory, "services"), Port = 0,
        });
        api = new HttpClient { BaseAddress = framework.ApiAddress };
    }

    [OneTimeTearDown]
    public async Task StopServicesFramework()
    {
        api?.Dispose();
        if (framework is not null) await framework.DisposeAsync();
        if (directory is not null) Directory.Delete(directory, recursive: true);
    }

    private static string App(string id, string cmd) => $$$"""
        {"id": "/{{{id}}}", "cmd": "{{{cmd}}}", "cpus": 0.05, "mem": 16, "instances": 3,
         "healthChecks": [{"protocol": "COMMAND", "command": {"value": "true"}, "delaySeconds": 0, "intervalSeconds": 1,
                           "gracePeriodSeconds": 5, "timeoutSeconds": 5, "maxConsecutiveFailures": 3}],
         "backoffSeconds": 0.5,
         "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0}}
        """;

    [Test]
    public async Task A_service_stays_at_three_healthy_instances_when_one_is_killed_and_a_rolling_upgrade_keeps_two_healthy()
    {
        using (var created = await api.PutAsync("v2/apps/web", new StringContent(App("web", "sleep 1000"))))
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var started = await WaitForAsync("web", app => HealthyTasks(app).Count == 3 && app["deployment"] is null);
        var victim = started["tasks"]!.AsArray()[1]!;

        await framework.Driver.KillAsync(new TaskID { Value = victim["id"]!.ToString() }, new AgentID { Value = victim["agentId"]!.ToString() });

        var healed = await WaitForAsync("web", app => HealthyTasks(app).Count == 3 && !HealthyTasks(app).Contains(victim["id"]!.ToString()));
        Assert.That(healed["lastTaskFailure"]!.ToString(), Does.StartWith(victim["id"]!.ToString()));

        using (var upgraded = await api.PutAsync("v2/apps/web", new StringContent(App("web", "sleep 1001"))))
            Assert.That(upgraded.StatusCode, Is.EqualTo(HttpStatusCode.OK), await upgraded.Content.ReadAsStringAsync());
        var fewestHealthy = int.MaxValue;
        var mostTasks = 0;
        var done = await WaitForAsync("web", app =>
        {
            fewestHealthy = Math.Min(fewestHealthy, HealthyTasks(app).Count);
            mostTasks = Math.Max(mostTasks, app["tasks"]!.AsArray().Count);
            return app["deployment"] is null && app["versionNumber"]!.GetValue<int>() == 2;
        });

        Assert.That(fewestHealthy, Is.GreaterThanOrEqualTo(2), "minimumHealthCapacity 0.5 of 3 keeps 2 healthy");
        Assert.That(mostTasks, Is.LessThanOrEqualTo(3), "maximumOverCapacity 0 never runs more than 3");
        Assert.That(done["tasks"]!.AsArray().Select(task => (task!["versionNumber"]!.GetValue<int>(), task["healthy"]?.GetValue<bool>())),
            Is.EqualTo(Enumerable.Repeat((2, (bool?)true), 3)));
    }

    [Test]
    public async Task An_invalid_app_is_refused_with_its_line_and_field_and_an_existing_one_cannot_be_posted_again()
    {
        using var invalid = await api.PostAsync("v2/apps", new StringContent("id: bad\ncmd: sleep 1\ncpus: -1\n"));
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await invalid.Content.ReadAsStringAsync(), Does.Contain("app:3: cpus: must be positive"));

        using var first = await api.PostAsync("v2/apps", new StringContent("id: once\ncmd: sleep 1000\ncpus: 0.05\nmem: 16\ninstances: 0\n"));
        using var second = await api.PostAsync("v2/apps", new StringContent("id: once\ncmd: sleep 1000\ncpus: 0.05\nmem: 16\ninstances: 0\n"));
        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Conflict)));
        using var removed = await api.DeleteAsync("v2/apps/once");
        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_cli_deploys_scales_shows_restarts_and_removes_a_service()
    {
        var file = Path.Combine(directory, "cli-app.yaml");
        await File.WriteAllTextAsync(file, "id: cli-app\ncmd: sleep 1000\ncpus: 0.05\nmem: 16\ninstances: 1\n");
        var bad = Path.Combine(directory, "bad.yaml");
        await File.WriteAllTextAsync(bad, "id: bad\ncmd: sleep 1\ncpus: -1\n");

        var refused = await SchedProcess.RunAsync("service", "deploy", bad, "--master", MasterAddress);
        Assert.That(refused.ExitCode, Is.EqualTo(2), refused.Stderr);
        Assert.That(refused.Stderr, Does.Contain("bad.yaml:3: cpus: must be positive"));

        var deploy = await SchedProcess.RunAsync("service", "deploy", file, "--master", MasterAddress);
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.Stdout + deploy.Stderr);
        Assert.That(deploy.Stdout, Does.StartWith("/cli-app: version 1, deployment "));
        await WaitForAsync("cli-app", app => app["tasksHealthy"]!.GetValue<int>() == 1);

        var scale = await SchedProcess.RunAsync("service", "scale", "cli-app", "2", "--master", MasterAddress);
        Assert.That(scale.ExitCode, Is.EqualTo(0), scale.Stdout + scale.Stderr);
        await WaitForAsync("cli-app", app => app["tasksHealthy"]!.GetValue<int>() == 2 && app["deployment"] is null);
        var status = await SchedProcess.RunAsync("service", "status", "cli-app", "--master", MasterAddress);
        Assert.That(status.Stdout, Does.Contain("/cli-app: 2 of 2 healthy, version 1"), status.Stdout + status.Stderr);
        var list = JsonNode.Parse((await SchedProcess.RunAsync("service", "list", "-o", "json", "--master", MasterAddress)).Stdout)!.AsArray();
        Assert.That(list.Select(app => app!["id"]!.ToString()), Does.Contain("/cli-app"));

        var restart = await SchedProcess.RunAsync("service", "restart", "cli-app", "--master", MasterAddress);
        Assert.That(restart.Stdout, Does.StartWith("/cli-app: version 2, deployment "), restart.Stdout + restart.Stderr);
        await WaitForAsync("cli-app", app => app["deployment"] is null && app["tasks"]!.AsArray().All(task => task!["versionNumber"]!.GetValue<int>() == 2));

        var remove = await SchedProcess.RunAsync("service", "remove", "cli-app", "--master", MasterAddress);
        Assert.That(remove.ExitCode, Is.EqualTo(0), remove.Stdout + remove.Stderr);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await api.GetAsync("v2/apps/cli-app")).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the removed app is forgotten once its instances ended");
            await Task.Delay(100);
        }
    }

    [Test]
    public async Task A_restarted_framework_fails_over_and_adopts_the_running_instances_relaunching_none()
    {
        var settings = new ServicesFrameworkSettings
        {
            Masters = [Cluster.MasterUri], DataDirectory = Path.Combine(directory, "restarted"), Port = 0, FrameworkName = "services-restart",
        };
        List<string> before;
        string? frameworkId;
        await using (var first = await ServicesFramework.StartAsync(settings))
        {
            using var firstApi = new HttpClient { BaseAddress = first.ApiAddress };
            using var created = await firstApi.PutAsync("v2/apps/kept", new StringContent("id: kept\ncmd: sleep 1000\ncpus: 0.05\nmem: 16\ninstances: 2\n"));
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            var running = await WaitForAsync(firstApi, "kept", app => app["tasksRunning"]!.GetValue<int>() == 2);
            before = running["tasks"]!.AsArray().Select(task => task!["id"]!.ToString()).ToList();
            frameworkId = first.Driver.FrameworkId?.Value;
        }

        await using var second = await ServicesFramework.StartAsync(settings);
        using var secondApi = new HttpClient { BaseAddress = second.ApiAddress };
        var adopted = await WaitForAsync(secondApi, "kept", app => app["tasksRunning"]!.GetValue<int>() == 2);
        var declinedBefore = (await OfferStatsAsync(frameworkId!))["offers_declined"]!.GetValue<int>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        JsonNode stats;
        while ((stats = await OfferStatsAsync(frameworkId!))["offers_declined"]!.GetValue<int>() <= declinedBefore)
        {   // An offer the restarted framework turned down shows it had the chance to launch and did not.
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the restarted framework declines an offer");
            await Task.Delay(50);
        }
        Assert.That(stats["tasks_launched"]!.GetValue<int>(), Is.EqualTo(2));
        var after = JsonNode.Parse(await secondApi.GetStringAsync("v2/apps/kept"))!["app"]!;

        Assert.That(second.Driver.FrameworkId?.Value, Is.EqualTo(frameworkId), "the second instance took over the same framework");
        Assert.That(after["tasks"]!.AsArray().Select(task => task!["id"]!.ToString()), Is.EquivalentTo(before));
        Assert.That(adopted["tasks"]!.AsArray().Select(task => task!["state"]!.ToString()), Is.All.EqualTo("TASK_RUNNING"));
        using var removed = await secondApi.DeleteAsync("v2/apps/kept");
    }

    private async Task<JsonNode> OfferStatsAsync(string frameworkId) =>
        (await Cluster.StateAsync())["frameworks"]!.AsArray().Single(framework => framework!["id"]!.ToString() == frameworkId)!["offer_stats"]!;

    private static List<string> HealthyTasks(JsonNode app) =>
        app["tasks"]!.AsArray()
            .Where(task => task!["healthy"]?.GetValue<bool>() == true && task["state"]!.ToString() == "TASK_RUNNING" && !task["killing"]!.GetValue<bool>())
            .Select(task => task!["id"]!.ToString()).ToList();

    private Task<JsonNode> WaitForAsync(string id, Func<JsonNode, bool> condition) => WaitForAsync(api, id, condition);

    private static async Task<JsonNode> WaitForAsync(HttpClient api, string id, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var app = JsonNode.Parse(await api.GetStringAsync($"v2/apps/{id}"))!["app"]!;
            if (condition(app)) return app;
            if (DateTime.UtcNow > deadline) Assert.Fail($"the app did not get there within 30 s: {app.ToJsonString()}");
            await Task.Delay(25);
        }
    }
}
