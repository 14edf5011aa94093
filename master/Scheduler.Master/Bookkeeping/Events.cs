using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Bookkeeping;

/// <summary>Builds the scheduler API's events.</summary>
public static class Events
{
    public static Event Subscribed(string frameworkId, TimeSpan heartbeat) => new()
    {
        Type = Event.Types.Type.Subscribed,
        Subscribed = new Event.Types.Subscribed
        {
            FrameworkId = new FrameworkID { Value = frameworkId },
            HeartbeatIntervalSeconds = heartbeat.TotalSeconds,
        },
    };

    public static Event Offers(IEnumerable<Offer> offers)
    {
        var body = new Event.Types.Offers();
        body.Offers_.AddRange(offers);
        return new Event { Type = Event.Types.Type.Offers, Offers = body };
    }

    public static Event Rescind(string offerId) => new()
    {
        Type = Event.Types.Type.Rescind,
        Rescind = new Event.Types.Rescind { OfferId = new OfferID { Value = offerId } },
    };

    public static Event Update(TaskStatus status) => new()
    {
        Type = Event.Types.Type.Update,
        Update = new Event.Types.Update { Status = status },
    };

    public static Event Error(string message) => new()
    {
        Type = Event.Types.Type.Error,
        Error = new Event.Types.Error { Message = message },
    };

    public static Event Heartbeat() => new() { Type = Event.Types.Type.Heartbeat };

    /// <summary>A FAILURE naming only the agent: the master removed it (Mesos's <c>slaveLost</c>).</summary>
    public static Event AgentLost(AgentID agentId) => new()
    {
        Type = Event.Types.Type.Failure,
        Failure = new Event.Types.Failure { AgentId = agentId },
    };
}
