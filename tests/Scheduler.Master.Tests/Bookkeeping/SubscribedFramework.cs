namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>A framework the master accepted, and the stream its calls must name.</summary>
public sealed record SubscribedFramework(string Id, string StreamId);
