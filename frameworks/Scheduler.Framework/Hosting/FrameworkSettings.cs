using System.Net;
using Scheduler.Security.Authentication;

namespace Scheduler.Framework.Hosting;

/// <summary>What every hosted framework is given: its masters, its API's address and security, its data and its <c>FrameworkInfo</c>.</summary>
public abstract record FrameworkSettings
{
    /// <summary>The masters, the first tried first.</summary>
    public required IReadOnlyList<Uri> Masters { get; init; }

    /// <summary>How to authenticate to the master when it requires it.</summary>
    public SchedulerCredential? Credential { get; init; }

    /// <summary>What the framework's own API requires of its callers; null leaves it open.</summary>
    public AuthenticationSettings? Authentication { get; init; }

    /// <summary>Where the framework keeps its store; created when missing.</summary>
    public required string DataDirectory { get; init; }

    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The API's port; 0 picks a free one.</summary>
    public abstract int Port { get; init; }

    /// <summary>The name the CLI finds the framework by in <c>/master/state</c>.</summary>
    public abstract string FrameworkName { get; init; }

    public string User { get; init; } = Environment.UserName;

    public string Role { get; init; } = "*";

    public TimeSpan FailoverTimeout { get; init; } = TimeSpan.FromDays(7);
}
