using OpenQA.Selenium;

namespace Scheduler.Integration.Tests;

/// <summary>What the web UI's browser tests read from the page, and how they wait for it.</summary>
public static class BrowserPage
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static string Text(IWebDriver browser, string selector) =>
        browser.FindElements(By.CssSelector(selector)).FirstOrDefault()?.Text ?? "";

    public static IReadOnlyList<IWebElement> TaskRows(IWebDriver browser, string taskId) =>
        browser.FindElements(By.CssSelector($"tr.task-row[data-task-id='{taskId}']"));

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (condition()) return;
            }
            catch (StaleElementReferenceException)
            {
                // The page re-rendered the element between finding and reading it; look again.
            }
            await Task.Delay(100);
        }
        Assert.Fail($"timed out after {Deadline.TotalSeconds} s waiting for {what}");
    }
}
