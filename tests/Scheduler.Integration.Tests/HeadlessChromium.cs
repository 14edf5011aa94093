using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Scheduler.Integration.Tests;

/// <summary>Debian's Chromium and chromedriver, headless, for the web UI's browser tests.</summary>
public static class HeadlessChromium
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string ChromeDriverPath = "/usr/bin/chromedriver";

    /// <summary>Ignores the test, saying why, when Chromium or its driver is not installed.</summary>
    public static void Require()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(ChromeDriverPath))
            Assert.Ignore($"needs Debian's chromium and chromium-driver ({ChromiumPath}, {ChromeDriverPath}); .ci/run installs them");
    }

    /// <summary>A 1280×800 browser with its own profile; its console and network events can be read from its logs.</summary>
    public static ChromeDriver Start(string profileDirectory)
    {
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,800",
            $"--user-data-dir={profileDirectory}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        options.SetLoggingPreference(LogType.Performance, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        browser.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride",
            new Dictionary<string, object?> { ["width"] = 1280, ["height"] = 800, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        return browser;
    }
}
