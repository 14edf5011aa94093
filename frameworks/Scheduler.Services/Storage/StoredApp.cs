using Scheduler.Services.Apps;

namespace Scheduler.Services.Storage;

/// <summary>An app as kept in the store: its source is parsed again on load, then its instance count applied.</summary>
public sealed record StoredApp(
    string Id, string Source, int Instances, int Version, DateTimeOffset VersionAt, int Failures, DateTimeOffset? DelayUntil, int LaunchCount,
    string? LastFailure, bool Removed, Deployment? Deployment);
