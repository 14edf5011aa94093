using Akka.Actor;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Actors;

/// <summary>Subscribe a framework; its events go to <paramref name="Stream"/>. Answered with a SubscribeOutcome.</summary>
public sealed record SubscribeFramework(Call.Types.Subscribe Subscribe, IActorRef Stream);

/// <summary>Any non-subscribe scheduler call. Answered with a CallOutcome.</summary>
public sealed record HandleSchedulerCall(Call Call, string? StreamId);

/// <summary>Ask for the master's state as Mesos's /master/state JSON. Answered with a string.</summary>
public sealed record GetMasterState
{
    public static readonly GetMasterState Instance = new();
}

/// <summary>Tells a framework stream to send one event.</summary>
public sealed record SendEvent(Event Event);

/// <summary>Tells a framework stream to end.</summary>
public sealed record CloseFrameworkStream
{
    public static readonly CloseFrameworkStream Instance = new();
}
