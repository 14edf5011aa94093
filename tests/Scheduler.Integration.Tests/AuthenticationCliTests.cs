using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Scheduler.Integration.Tests;

/// <summary>
/// HTTP authentication end to end with real processes: <c>sched dev --credentials</c> (its agent and in-process frameworks
/// still work), <c>sched run</c> with and without credentials, and a bearer token from <c>sched token create</c>.
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
