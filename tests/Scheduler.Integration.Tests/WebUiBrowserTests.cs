using OpenQA.Selenium;
using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using static Scheduler.Integration.Tests.BrowserPage;

namespace Scheduler.Integration.Tests;

/// <summary>
/// The master's web UI in a real headless Chromium against a real cluster: it lists the agent and a running task,
/// shows the task's stdout from the agent's sandbox, and shows a task started later without a reload.
/// </summary>
public sealed class WebUiBrowserTests : ClusterFixture
{
    private const string SandboxLine = "hello-from-sandbox";

    protected override void RequireMore() => HeadlessChromium.Require();

    [Test]
    public async Task The_page_lists_the_cluster_follows_a_sandbox_and_shows_new_tasks_live()
    {
        var first = new LaunchingScheduler($"echo {SandboxLine}; sleep 60", "cpus:0.1;mem:32");
        await using var firstDriver = await StartFrameworkAsync(first, "web-ui-first");
        await UntilAsync(() => first.States.Contains(TaskState.TaskRunning), "the first task to run");

        var profile = Directory.CreateTempSubdirectory("sched-chromium-");
        using var browser = HeadlessChromium.Start(profile.FullName);
        try
        {
            // A one-minute poll: within the test only the event stream can bring news to the page.
            browser.Navigate().GoToUrl(new Uri(Cluster.MasterUri, "/?poll=60"));
            var agentId = first.Statuses.First(s => s.State == TaskState.TaskRunning).AgentId.Value;
            await UntilAsync(() => Text(browser, "#agents").Contains(agentId), "the agent to be listed");
            await UntilAsync(() => TaskRows(browser, first.TaskId).Count == 1, "the running task to be listed");
            Assert.That(TaskRows(browser, first.TaskId).Single().Text, Does.Contain("TASK_RUNNING"));
            await UntilAsync(() => Text(browser, "#live").Contains("live"), "the event stream to be subscribed");

            TaskRows(browser, first.TaskId).Single().Click();
            await UntilAsync(() => Text(browser, "#sandbox-output").Contains(SandboxLine), "the sandbox viewer to show stdout");
            Assert.That(Text(browser, "#sandbox-status"), Does.Contain("following"));
            browser.FindElement(By.Id("sandbox-close")).Click();

            var second = new LaunchingScheduler("sleep 60", "cpus:0.1;mem:32");
            await using var secondDriver = await StartFrameworkAsync(second, "web-ui-second");
            await UntilAsync(() => TaskRows(browser, second.TaskId).Count == 1, "the task started after loading to appear");
            await UntilAsync(() => Text(browser, "#frameworks").Contains("web-ui-second"), "the second framework to be listed");

            var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "web-ui.png");
            browser.GetScreenshot().SaveAsFile(screenshot);
            TestContext.AddTestAttachment(screenshot, "the web UI with two running tasks");
            TestContext.Out.WriteLine($"screenshot: {screenshot}");

            var severe = browser.Manage().Logs.GetLog(LogType.Browser).Where(entry => entry.Level == LogLevel.Severe).ToList();
            Assert.That(severe.Select(entry => entry.Message), Is.Empty, "console errors");
            await secondDriver.TeardownAsync();
        }
        finally
        {
            browser.Quit();
            await firstDriver.TeardownAsync();
            try { profile.Delete(recursive: true); }
            catch (IOException) { }
        }
    }

    private async Task<SchedulerDriver> StartFrameworkAsync(LaunchingScheduler scheduler, string name)
    {
        var framework = new FrameworkInfo { Name = name, User = "root", FailoverTimeout = 60 };
        var driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions { Master = Cluster.MasterUri, FrameworkInfo = framework });
        await driver.StartAsync();
        return driver;
    }
}
