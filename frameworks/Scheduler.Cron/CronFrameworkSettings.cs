using Scheduler.Framework.Hosting;

namespace Scheduler.Cron;

/// <summary>The cron framework's settings; <see cref="FrameworkSettings.DataDirectory"/> holds <c>cron.db</c> (jobs and runs) and the framework id.</summary>
public sealed record CronFrameworkSettings : FrameworkSettings
{
    public override int Port { get; init; } = 5053;

    public override string FrameworkName { get; init; } = "cron";

    /// <summary>How often due runs, deadlines and timeouts are looked at.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
