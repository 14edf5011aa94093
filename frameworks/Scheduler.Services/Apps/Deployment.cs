namespace Scheduler.Services.Apps;

/// <summary>A change an app is being brought to: its start, a scaling, a new version or a restart.</summary>
public sealed record Deployment(string Id, DeploymentKind Kind, int Version, int Instances, DateTimeOffset StartedAt);
