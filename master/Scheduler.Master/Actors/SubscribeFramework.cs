using Akka.Actor;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Actors;

/// <summary>Subscribe a framework; its events go to <paramref name="Stream"/>. Answered with a SubscribeOutcome.</summary>
public sealed record SubscribeFramework(Call.Types.Subscribe Subscribe, IActorRef Stream);
