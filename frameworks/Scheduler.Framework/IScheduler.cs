using Scheduler.Protocol.V1;

namespace Scheduler.Framework;

/// <summary>
/// Callbacks of a framework scheduler. The driver delivers events one at a
/// time, in the order the master sent them, awaiting each callback before the
/// next; calls on the driver may be made from inside a callback.
/// </summary>
public interface IScheduler
{
    /// <summary>The master accepted the subscription (again, after a reconnect).</summary>
    Task Subscribed(ISchedulerDriver driver, FrameworkID frameworkId);

    Task ResourceOffers(ISchedulerDriver driver, IReadOnlyList<Offer> offers);

    /// <summary>
    /// A task changed state. With automatic acknowledgement the driver
    /// acknowledges the update after this returns; an exception leaves it
    /// unacknowledged, so the master will send it again.
    /// </summary>
    Task StatusUpdate(ISchedulerDriver driver, TaskStatus status);

    /// <summary>
    /// The master reported an unrecoverable error, or refused the subscription.
    /// The driver stops; it does not resubscribe.
    /// </summary>
    Task Error(ISchedulerDriver driver, string message);

    Task OfferRescinded(ISchedulerDriver driver, OfferID offerId) => Task.CompletedTask;

    Task FrameworkMessage(ISchedulerDriver driver, AgentID agentId, ExecutorID executorId, byte[] data) => Task.CompletedTask;

    Task AgentLost(ISchedulerDriver driver, AgentID agentId) => Task.CompletedTask;

    /// <summary><paramref name="status"/> is the executor's wait status, when known.</summary>
    Task ExecutorLost(ISchedulerDriver driver, ExecutorID executorId, AgentID? agentId, int? status) => Task.CompletedTask;

    /// <summary>
    /// The event stream broke; the driver is resubscribing and will call
    /// <see cref="Subscribed"/> once it succeeds.
    /// </summary>
    Task Disconnected(ISchedulerDriver driver) => Task.CompletedTask;
}
