using NLog;
using NLog.Config;

namespace Scheduler.Cli.Hosting;

/// <summary>
/// Sets up NLog from <c>NLog.config</c> beside the program; the level comes from <c>SCHED_LOG_LEVEL</c>
/// (Trace…Fatal, Off) when set, else from the command's default.
/// </summary>
public static class Logging
{
    public const string LevelVariable = "SCHED_LOG_LEVEL";

    public static void Configure(string defaultLevel, string? logFile = null)
    {
        var configFile = Path.Combine(AppContext.BaseDirectory, "NLog.config");
        if (File.Exists(configFile)) LogManager.Configuration = new XmlLoggingConfiguration(configFile);
        var configuration = LogManager.Configuration ?? new LoggingConfiguration();
        var level = Environment.GetEnvironmentVariable(LevelVariable);
        configuration.Variables["level"] = string.IsNullOrWhiteSpace(level) ? defaultLevel : level;
        configuration.Variables["logfile"] = logFile ?? "";
        LogManager.Configuration = configuration;
        LogManager.ReconfigExistingLoggers();
    }
}
