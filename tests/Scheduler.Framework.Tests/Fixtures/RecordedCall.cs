using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Framework.Tests.Fixtures;

/// <summary>A call the fake master received, with the headers that matter.</summary>
public sealed record RecordedCall(Call Call, string? StreamId, string? ContentType, string? Accept);
