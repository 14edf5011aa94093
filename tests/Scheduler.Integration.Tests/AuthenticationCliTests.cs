using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Scheduler.Integration.Tests;

/// <summary>
/// HTTP authentication end to end with real processes: <c>sched dev --credentials</c> (its agent and in-process frameworks
/// still work), <c>sched run</c> with and without credentials, a bearer token from <c>sched token create</c>, and the
/// frameworks' own APIs, which require the same authentication.
/// </summary>
[TestFixture]
public sealed class AuthenticationCliTests() : ProcessClusterFixture("sched-authn-", TimeSpan.FromSeconds(60))
{
    [Test]
    public async Task With_credentials_on_an_authenticated_run_works_and_an_unauthenticated_one_is_told_how_to_authenticate()
    {
        var credentials = Path.Combine(ScratchDirectory, "credentials");
        await File.WriteAllTextAsync(credentials, """{"credentials":[{"principal":"ops","secret":"s3cret"}]}""");
        var jwtSecret = Path.Combine(ScratchDirectory, "jwt-secret");
        await File.WriteAllTextAsync(jwtSecret, "a-secret-of-at-least-thirty-two-bytes-for-hs256\n");
        var port = RunningSchedProcess.FreePort();
        var master = $"127.0.0.1:{port}";
        var masterUri = new Uri($"http://{master}/");
        var batchPort = RunningSchedProcess.FreePort();
        Started("dev", "--credentials", credentials, "--jwt-secret-file", jwtSecret, "--data-dir", Path.Combine(ScratchDirectory, "dev"),
            "--port", port.ToString(), "--agent-port", RunningSchedProcess.FreePort().ToString(),
            "--cluster-port", RunningSchedProcess.FreePort().ToString(), "--batch-port", batchPort.ToString(),
            "--cron-port", "0", "--services-port", "0", "--resources", "cpus:1;mem:256;disk:256");
        await EventuallyAsync(async () => await AuthenticatedStateAsync(masterUri) is { } state
                && JsonNode.Parse(state)!["slaves"]!.AsArray().Count == 1
                && JsonNode.Parse(state)!["frameworks"]!.AsArray().Any(f => f!["name"]!.GetValue<string>() == "batch" && f["principal"]!.GetValue<string>() == "ops"),
            "the agent registers and the in-process batch framework subscribes with the file's credential");
        using (var anonymous = await Http.GetAsync(new Uri(masterUri, "/master/state")))
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var run = await SchedProcess.RunAsync("run", "--master", master, "--principal", "ops", "--secret", "s3cret",
            "--cpus", "0.1", "--mem", "32", "--", "echo", "hello");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        Assert.That(run.Stdout, Does.Contain("hello"));

        var refused = await SchedProcess.RunAsync("run", "--master", master, "--cpus", "0.1", "--mem", "32", "--", "echo", "hello");
        Assert.That(refused.ExitCode, Is.Not.EqualTo(0));
        Assert.That(refused.Stderr, Does.Contain("Missing credentials").And.Contain("--principal"));

        var agents = await SchedProcess.RunAsync("agents", "--master", master, "--principal", "ops", "--secret", "wrong");
        Assert.That(agents.ExitCode, Is.EqualTo(2));
        Assert.That(agents.Stderr, Does.Contain("Invalid credentials for principal 'ops'").And.Contain("SCHED_PRINCIPAL"));

        var token = await SchedProcess.RunAsync("token", "create", "--principal", "ops", "--jwt-secret-file", jwtSecret, "--ttl", "5m");
        Assert.That(token.ExitCode, Is.EqualTo(0), token.Stderr);
        var withToken = await SchedProcess.RunAsync("agents", "--master", master, "--token", token.Stdout.Trim());
        Assert.That(withToken.ExitCode, Is.EqualTo(0), withToken.Stderr);
        Assert.That(withToken.Stdout, Does.Contain("127.0.0.1"));
    }

    [Test]
    public async Task The_batch_api_of_an_authenticated_dev_cluster_takes_the_cli_credentials_and_refuses_none()
    {
        var credentials = Path.Combine(ScratchDirectory, "credentials");
        await File.WriteAllTextAsync(credentials, "ops s3cret\n");
        var port = RunningSchedProcess.FreePort();
        var master = $"127.0.0.1:{port}";
        var batchPort = RunningSchedProcess.FreePort();
        Started("dev", "--credentials", credentials, "--data-dir", Path.Combine(ScratchDirectory, "dev"),
            "--port", port.ToString(), "--agent-port", RunningSchedProcess.FreePort().ToString(),
            "--cluster-port", RunningSchedProcess.FreePort().ToString(), "--batch-port", batchPort.ToString(),
            "--cron-port", "0", "--services-port", "0", "--resources", "cpus:1;mem:256;disk:256");
        await EventuallyAsync(async () => await AuthenticatedStateAsync(new Uri($"http://{master}/")) is { } state
                && JsonNode.Parse(state)!["slaves"]!.AsArray().Count == 1
                && JsonNode.Parse(state)!["frameworks"]!.AsArray().Any(f => f!["name"]!.GetValue<string>() == "batch"),
            "the agent registers and the in-process batch framework subscribes");

        var job = Path.Combine(ScratchDirectory, "hello.yaml");
        await File.WriteAllTextAsync(job, "name: hello\ntasks:\n  - name: hello\n    command: echo hello\n    cpus: 0.1\n    mem: 16\n");
        var submit = await SchedProcess.RunAsync("job", "submit", job, "--wait", "--master", master, "--principal", "ops", "--secret", "s3cret");
        Assert.That(submit.ExitCode, Is.EqualTo(0), submit.Stdout + submit.Stderr);

        var refused = await SchedProcess.RunAsync("job", "list", "--master", master);
        Assert.That(refused.ExitCode, Is.EqualTo(2));
        Assert.That(refused.Stderr, Does.Contain("Missing credentials").And.Contain("--principal"));

        using var anonymous = await Http.GetAsync($"http://127.0.0.1:{batchPort}/v1/jobs");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(anonymous.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Basic realm=\"scheduler\""));
    }

    [Test]
    public async Task A_framework_started_with_its_own_credentials_file_admits_only_its_principals()
    {
        var credentials = Path.Combine(ScratchDirectory, "credentials");
        await File.WriteAllTextAsync(credentials, "ops s3cret\nalice a11ce\n");
        var cronCredentials = Path.Combine(ScratchDirectory, "cron-credentials");
        await File.WriteAllTextAsync(cronCredentials, "alice a11ce\n");
        var port = RunningSchedProcess.FreePort();
        var master = $"127.0.0.1:{port}";
        Started("dev", "--credentials", credentials, "--data-dir", Path.Combine(ScratchDirectory, "dev"),
            "--port", port.ToString(), "--agent-port", RunningSchedProcess.FreePort().ToString(),
            "--cluster-port", RunningSchedProcess.FreePort().ToString(), "--batch-port", "0",
            "--cron-port", "0", "--services-port", "0", "--resources", "cpus:1;mem:256;disk:256");
        Started("framework", "cron", "--master", master, "--port", RunningSchedProcess.FreePort().ToString(),
            "--data-dir", Path.Combine(ScratchDirectory, "cron"), "--credentials", cronCredentials, "--principal", "ops", "--secret", "s3cret");
        await EventuallyAsync(async () => await AuthenticatedStateAsync(new Uri($"http://{master}/")) is { } state
                && JsonNode.Parse(state)!["frameworks"]!.AsArray().Any(f => f!["name"]!.GetValue<string>() == "cron"),
            "the cron framework subscribes with the master's credentials");

        var refused = await SchedProcess.RunAsync("cron", "list", "--master", master, "--principal", "ops", "--secret", "s3cret");
        Assert.That(refused.ExitCode, Is.EqualTo(2));
        Assert.That(refused.Stderr, Does.Contain("the cron framework").And.Contain("Invalid credentials for principal 'ops'").And.Contain("--principal"));

        var allowed = await SchedProcess.RunAsync("cron", "list", "--master", master, "--principal", "alice", "--secret", "a11ce");
        Assert.That(allowed.ExitCode, Is.EqualTo(0), allowed.Stderr);
    }

    [Test]
    public async Task The_agent_of_an_authenticated_dev_cluster_serves_sched_logs_with_the_cli_credentials_and_refuses_anonymous_reads()
    {
        var credentials = Path.Combine(ScratchDirectory, "credentials");
        await File.WriteAllTextAsync(credentials, "ops s3cret\n");
        var jwtSecret = Path.Combine(ScratchDirectory, "jwt-secret");
        await File.WriteAllTextAsync(jwtSecret, "a-secret-of-at-least-thirty-two-bytes-for-hs256\n");
        var port = RunningSchedProcess.FreePort();
        var master = $"127.0.0.1:{port}";
        var agent = new Uri($"http://127.0.0.1:{RunningSchedProcess.FreePort()}/");
        Started("dev", "--credentials", credentials, "--jwt-secret-file", jwtSecret, "--data-dir", Path.Combine(ScratchDirectory, "dev"),
            "--port", port.ToString(), "--agent-port", agent.Port.ToString(),
            "--cluster-port", RunningSchedProcess.FreePort().ToString(), "--batch-port", "0",
            "--cron-port", "0", "--services-port", "0", "--resources", "cpus:1;mem:256;disk:256");
        await EventuallyAsync(async () => await AuthenticatedStateAsync(new Uri($"http://{master}/")) is { } state
                && JsonNode.Parse(state)!["slaves"]!.AsArray().Count == 1,
            "the agent registers");

        var run = await SchedProcess.RunAsync("run", "--master", master, "--principal", "ops", "--secret", "s3cret",
            "--cpus", "0.1", "--mem", "32", "--", "sh", "-c", "echo out-line; echo err-line >&2");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        Assert.That(run.Stdout, Does.Contain("out-line"), "sched run streams the output from the authenticated agent");
        var state = JsonNode.Parse((await AuthenticatedStateAsync(new Uri($"http://{master}/")))!)!;
        var task = state["frameworks"]!.AsArray().Concat(state["completed_frameworks"]!.AsArray())
            .SelectMany(f => f!["tasks"]!.AsArray().Concat(f["completed_tasks"]!.AsArray())).Single()!;
        var taskId = task["id"]!.GetValue<string>();

        var logs = await SchedProcess.RunAsync("logs", taskId, "--master", master, "--principal", "ops", "--secret", "s3cret");
        Assert.That(logs.ExitCode, Is.EqualTo(0), logs.Stderr);
        Assert.That(logs.Stdout, Is.EqualTo("out-line\n"));

        var token = await SchedProcess.RunAsync("token", "create", "--principal", "ops", "--jwt-secret-file", jwtSecret, "--ttl", "5m");
        var stderr = await SchedProcess.RunAsync("logs", taskId, "--stderr", "--master", master, "--token", token.Stdout.Trim());
        Assert.That(stderr.ExitCode, Is.EqualTo(0), stderr.Stderr);
        Assert.That(stderr.Stderr, Is.EqualTo("err-line\n"));

        var path = $"frameworks/{task["framework_id"]}/tasks/{taskId}/stdout";
        using (var anonymous = await Http.GetAsync(new Uri(agent, $"files/read?path={Uri.EscapeDataString(path)}")))
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(anonymous.Headers.WwwAuthenticate.Select(h => h.Scheme), Is.EquivalentTo(new[] { "Basic", "Bearer" }));
        }
        using (var health = await Http.GetAsync(new Uri(agent, "health")))
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The web UI reads sandboxes through the master, which passes on the browser's credentials.
        var throughMaster = new Uri($"http://{master}/master/agents/{task["slave_id"]}/files/read?path={Uri.EscapeDataString(path)}&offset=0");
        using (var request = new HttpRequestMessage(HttpMethod.Get, throughMaster) { Headers = { Authorization = OpsBasic } })
        using (var read = await Http.SendAsync(request))
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(JsonNode.Parse(await read.Content.ReadAsStringAsync())!["data"]!.GetValue<string>(), Is.EqualTo("out-line\n"));
        }
        using (var anonymous = await Http.GetAsync(throughMaster))
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static AuthenticationHeaderValue OpsBasic => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret")));

    private async Task<string?> AuthenticatedStateAsync(Uri master)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(master, "/master/state"))
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret"))) },
        };
        try
        {
            using var response = await Http.SendAsync(request);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
