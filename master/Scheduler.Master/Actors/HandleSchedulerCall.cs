using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Actors;

/// <summary>Any non-subscribe scheduler call, with the principal it authenticated as (if any). Answered with a CallOutcome.</summary>
public sealed record HandleSchedulerCall(Call Call, string? StreamId, string? Principal = null);
