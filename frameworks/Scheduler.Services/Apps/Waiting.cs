namespace Scheduler.Services.Apps;

/// <summary>Instances an app lacks and why they are not launched yet.</summary>
public sealed record Waiting(int Instances, string Reason);
