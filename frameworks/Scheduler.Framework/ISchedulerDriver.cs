using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Framework;

/// <summary>
/// The calls a scheduler makes to the master. Every call throws
/// <see cref="SchedulerApiException"/> when the master does not answer 2xx.
/// </summary>
public interface ISchedulerDriver
{
    /// <summary>Set once the master assigned (or confirmed) the framework's id.</summary>
    FrameworkID? FrameworkId { get; }

    Task LaunchAsync(OfferID offerId, IEnumerable<TaskInfo> tasks, Filters? filters = null, CancellationToken cancellationToken = default);

    Task LaunchAsync(IEnumerable<OfferID> offerIds, IEnumerable<TaskInfo> tasks, Filters? filters = null, CancellationToken cancellationToken = default);

    Task AcceptAsync(IEnumerable<OfferID> offerIds, IEnumerable<Offer.Types.Operation> operations, Filters? filters = null, CancellationToken cancellationToken = default);

    Task DeclineAsync(IEnumerable<OfferID> offerIds, Filters? filters = null, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges a status update; does nothing for updates without a uuid.</summary>
    Task AcknowledgeAsync(TaskStatus status, CancellationToken cancellationToken = default);

    Task KillAsync(TaskID taskId, AgentID? agentId = null, KillPolicy? killPolicy = null, CancellationToken cancellationToken = default);

    /// <summary>Clears offer filters and resumes offers; no roles means all of the framework's roles.</summary>
    Task ReviveAsync(IEnumerable<string>? roles = null, CancellationToken cancellationToken = default);

    /// <summary>Stops offers; no roles means all of the framework's roles.</summary>
    Task SuppressAsync(IEnumerable<string>? roles = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the framework's info (name, roles, capabilities, failover timeout…; not its user, principal or
    /// checkpointing) and sets its suppressed roles, which must be among its new roles. Offers for roles it
    /// leaves are rescinded; its tasks keep running. Later resubscriptions send the new info and suppressed roles.
    /// </summary>
    Task UpdateFrameworkAsync(FrameworkInfo frameworkInfo, IEnumerable<string>? suppressedRoles = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks for the latest state of the given tasks (as UPDATE events); no
    /// tasks means every task the master knows for this framework.
    /// </summary>
    Task ReconcileAsync(IEnumerable<(TaskID TaskId, AgentID? AgentId)>? tasks = null, CancellationToken cancellationToken = default);

    Task SendFrameworkMessageAsync(AgentID agentId, ExecutorID executorId, byte[] data, CancellationToken cancellationToken = default);

    /// <summary>Removes the framework from the cluster, killing all its tasks, and stops the driver.</summary>
    Task TeardownAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends any call; the driver fills in the framework id.</summary>
    Task SendAsync(Call call, CancellationToken cancellationToken = default);
}
