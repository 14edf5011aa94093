using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Actors;

/// <summary>Tells a framework stream to send one event.</summary>
public sealed record SendEvent(Event Event);
