using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Actors;

/// <summary>Any non-subscribe scheduler call. Answered with a CallOutcome.</summary>
public sealed record HandleSchedulerCall(Call Call, string? StreamId);
