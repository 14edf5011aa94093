using System.Net;

namespace Scheduler.Batch;

public sealed record BatchFrameworkSettings
{
    /// <summary>The masters, the first tried first.</summary>
    public required IReadOnlyList<Uri> Masters { get; init; }

    /// <summary>How to authenticate to the master when it requires it.</summary>
    public Scheduler.Framework.SchedulerCredential? Credential { get; init; }

    /// <summary>What the framework's own API requires of its callers; null leaves it open.</summary>
    public Scheduler.Security.Authentication.AuthenticationSettings? Authentication { get; init; }

    /// <summary>Where <c>batch.db</c> (jobs, attempts, the framework id) lives.</summary>
    public required string DataDirectory { get; init; }

    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The API's port; 0 picks a free one.</summary>
    public int Port { get; init; } = 5052;

    /// <summary>The name the CLI finds the framework by in <c>/master/state</c>.</summary>
    public string FrameworkName { get; init; } = "batch";

    public string User { get; init; } = Environment.UserName;

    public string Role { get; init; } = "*";

    public TimeSpan FailoverTimeout { get; init; } = TimeSpan.FromDays(7);
}
