using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using static Scheduler.Integration.Tests.BrowserPage;

namespace Scheduler.Integration.Tests;

/// <summary>
/// The web UI of an authenticated <c>sched dev</c> in a real headless Chromium: the page loads without credentials and
/// shows its own sign-in form (no 401 it receives carries the Basic challenge that makes a browser prompt); signing in
/// with a principal and secret, or with a bearer token, shows the agent and tasks and reads a sandbox; signing out
/// forgets the credentials.
/// </summary>
[TestFixture]
public sealed class WebUiSignInBrowserTests() : ProcessClusterFixture("sched-webui-authn-", TimeSpan.FromSeconds(60))
{
    private const string SandboxLine = "hello-from-an-authenticated-sandbox";
    private static readonly AuthenticationHeaderValue OpsBasic = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret")));

    [SetUp]
    public void RequireChromium() => HeadlessChromium.Require();

    [Test]
    public async Task Signing_in_with_a_principal_and_secret_shows_the_cluster_and_a_sandbox_and_signing_out_forgets_them()
    {
        var (master, _) = await StartAuthenticatedDevAsync();
        var (agentId, taskId) = await RunTaskAsync(master);

        await WithBrowserAsync(async browser =>
        {
            browser.Navigate().GoToUrl(master);
            await UntilAsync(() => SignInShown(browser), "the sign-in form to show");
            Assert.That(Text(browser, "#agents"), Does.Not.Contain(agentId));

            browser.FindElement(By.Id("sign-in-principal")).SendKeys("ops");
            browser.FindElement(By.Id("sign-in-secret")).SendKeys("wrong");
            browser.FindElement(By.Id("sign-in-submit")).Click();
            await UntilAsync(() => Text(browser, "#sign-in-error").Contains("Invalid credentials for principal 'ops'"), "a wrong secret to be refused");
            Assert.That(StoredCredentials(browser), Is.Null);

            browser.FindElement(By.Id("sign-in-secret")).Clear();
            browser.FindElement(By.Id("sign-in-secret")).SendKeys("s3cret");
            browser.FindElement(By.Id("sign-in-submit")).Click();
            await UntilAsync(() => Text(browser, "#agents").Contains(agentId), "the agent to be listed after signing in");
            await UntilAsync(() => TaskRows(browser, taskId).Count == 1, "the task to be listed");
            await UntilAsync(() => Text(browser, "#live").Contains("live"), "the event stream to be subscribed with the credentials");
            Assert.That(SignInShown(browser), Is.False);
            Assert.That(Text(browser, "#principal"), Is.EqualTo("signed in as ops"));
            Assert.That(StoredCredentials(browser), Does.Contain("Basic "));

            TaskRows(browser, taskId).Single().Click();
            await UntilAsync(() => Text(browser, "#sandbox-output").Contains(SandboxLine), "the sandbox viewer to read stdout through the master");
            browser.FindElement(By.Id("sandbox-close")).Click();

            browser.FindElement(By.Id("sign-out")).Click();
            await UntilAsync(() => SignInShown(browser), "the sign-in form to show after signing out");
            Assert.That(StoredCredentials(browser), Is.Null);
            Assert.That(Text(browser, "#agents"), Does.Not.Contain(agentId));
        });
    }

    [Test]
    public async Task Signing_in_with_a_bearer_token_shows_the_cluster()
    {
        var (master, jwtSecret) = await StartAuthenticatedDevAsync();
        var (agentId, taskId) = await RunTaskAsync(master);
        var token = await SchedProcess.RunAsync("token", "create", "--principal", "ops", "--jwt-secret-file", jwtSecret, "--ttl", "5m");
        Assert.That(token.ExitCode, Is.EqualTo(0), token.Stderr);

        await WithBrowserAsync(async browser =>
        {
            browser.Navigate().GoToUrl(master);
            await UntilAsync(() => SignInShown(browser), "the sign-in form to show");
            browser.FindElement(By.Id("sign-in-token")).SendKeys(token.Stdout.Trim());
            browser.FindElement(By.Id("sign-in-submit")).Click();
            await UntilAsync(() => Text(browser, "#agents").Contains(agentId), "the agent to be listed after signing in");
            await UntilAsync(() => TaskRows(browser, taskId).Count == 1, "the task to be listed");
            Assert.That(Text(browser, "#principal"), Is.EqualTo("signed in as ops"));
            Assert.That(StoredCredentials(browser), Does.Contain("Bearer "));

            browser.Navigate().Refresh();
            await UntilAsync(() => Text(browser, "#agents").Contains(agentId), "the agent to be listed after a reload, without signing in again");
            Assert.That(SignInShown(browser), Is.False);
        });
    }

    private async Task<(Uri Master, string JwtSecret)> StartAuthenticatedDevAsync()
    {
        var credentials = Path.Combine(ScratchDirectory, "credentials");
        await File.WriteAllTextAsync(credentials, "ops s3cret\n");
        var jwtSecret = Path.Combine(ScratchDirectory, "jwt-secret");
        await File.WriteAllTextAsync(jwtSecret, "a-secret-of-at-least-thirty-two-bytes-for-hs256\n");
        var port = RunningSchedProcess.FreePort();
        Started("dev", "--credentials", credentials, "--jwt-secret-file", jwtSecret, "--data-dir", Path.Combine(ScratchDirectory, "dev"),
            "--port", port.ToString(), "--agent-port", RunningSchedProcess.FreePort().ToString(),
            "--cluster-port", RunningSchedProcess.FreePort().ToString(), "--batch-port", "0",
            "--cron-port", "0", "--services-port", "0", "--resources", "cpus:1;mem:256;disk:256");
        var master = new Uri($"http://127.0.0.1:{port}/");
        await EventuallyAsync(async () => await AuthenticatedStateAsync(master) is { } state && state["slaves"]!.AsArray().Count == 1,
            "the agent registers");
        return (master, jwtSecret);
    }

    private async Task<(string AgentId, string TaskId)> RunTaskAsync(Uri master)
    {
        var run = await SchedProcess.RunAsync("run", "--master", master.Authority, "--principal", "ops", "--secret", "s3cret",
            "--cpus", "0.1", "--mem", "32", "--", "echo", SandboxLine);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Stderr);
        var state = (await AuthenticatedStateAsync(master))!;
        var task = state["frameworks"]!.AsArray().Concat(state["completed_frameworks"]!.AsArray())
            .SelectMany(f => f!["tasks"]!.AsArray().Concat(f["completed_tasks"]!.AsArray())).Single()!;
        return (task["slave_id"]!.GetValue<string>(), task["id"]!.GetValue<string>());
    }

    /// <summary>Runs the steps in a fresh browser, then checks what it logged: 401s without a Basic challenge, no other errors.</summary>
    private static async Task WithBrowserAsync(Func<ChromeDriver, Task> steps)
    {
        var profile = Directory.CreateTempSubdirectory("sched-chromium-");
        using var browser = HeadlessChromium.Start(profile.FullName);
        try
        {
            await steps(browser);
            var refusals = Refusals(browser);
            Assert.That(refusals, Is.Not.Empty, "the page's requests were refused before signing in");
            Assert.That(refusals.Where(challenge => challenge.Contains("Basic", StringComparison.OrdinalIgnoreCase)), Is.Empty,
                "a Basic challenge on a 401 makes the browser prompt");
            var severe = browser.Manage().Logs.GetLog(LogType.Browser)
                .Where(entry => entry.Level == LogLevel.Severe && !entry.Message.Contains("status of 401")).ToList();
            Assert.That(severe.Select(entry => entry.Message), Is.Empty, "console errors other than the refused requests");
        }
        finally
        {
            browser.Quit();
            try { profile.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>The WWW-Authenticate header of each 401 the browser received ("" when there was none).</summary>
    private static List<string> Refusals(ChromeDriver browser) =>
        browser.Manage().Logs.GetLog(LogType.Performance)
            .Select(entry => JsonNode.Parse(entry.Message)?["message"])
            .Where(message => message?["method"]?.GetValue<string>() == "Network.responseReceived")
            .Select(message => message!["params"]!["response"]!)
            .Where(response => response["status"]?.GetValue<double>() == (double)HttpStatusCode.Unauthorized)
            .Select(response => response["headers"]!.AsObject()
                .Where(header => header.Key.Equals("WWW-Authenticate", StringComparison.OrdinalIgnoreCase))
                .Select(header => header.Value!.ToString()).FirstOrDefault() ?? "")
            .ToList();

    private async Task<JsonObject?> AuthenticatedStateAsync(Uri master)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(master, "/master/state")) { Headers = { Authorization = OpsBasic } };
        try
        {
            using var response = await Http.SendAsync(request);
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static bool SignInShown(IWebDriver browser) => browser.FindElement(By.Id("sign-in")).Displayed;

    private static string? StoredCredentials(ChromeDriver browser) =>
        browser.ExecuteScript("return sessionStorage.getItem('sched.authorization');") as string;
}
