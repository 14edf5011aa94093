using Akka.Actor;
using Scheduler.Master.Actors;
using Scheduler.Master.Bookkeeping;
using Event = Scheduler.Protocol.V1.SchedulerApi.Event;

namespace Scheduler.Benchmarks;

/// <summary>
/// Stands in for a framework's event stream on the master (the actor the HTTP endpoint hands the master):
/// reports the subscription's answer and the offers to <see cref="FrameworkMilestones"/>.
/// </summary>
public sealed class FrameworkProbe : ReceiveActor
{
    public FrameworkProbe(FrameworkMilestones milestones)
    {
        Receive<SubscribeOutcome>(outcome => milestones.SubscriptionAnswered(outcome.FrameworkId, outcome.Error));
        Receive<SendEvent>(send =>
        {
            if (send.Event.Type == Event.Types.Type.Offers)
                milestones.Offered(send.Event.Offers.Offers_.Select(offer => offer.AgentId.Value));
        });
        ReceiveAny(_ => { });
    }

    public static Props Props(FrameworkMilestones milestones) => Akka.Actor.Props.Create(() => new FrameworkProbe(milestones));
}
