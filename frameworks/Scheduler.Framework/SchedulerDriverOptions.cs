using Scheduler.Protocol.V1;

namespace Scheduler.Framework;

public sealed class SchedulerDriverOptions
{
    /// <summary>Any master of the cluster, e.g. http://master:5050; the driver follows redirects to the leader.</summary>
    public required Uri Master { get; init; }

    /// <summary>
    /// The other masters of the cluster. When the master the driver talks to fails, it resubscribes through the
    /// next of <see cref="Master"/> and these, in turn; a standby redirects it to the new leader.
    /// </summary>
    public IReadOnlyList<Uri> OtherMasters { get; init; } = [];

    /// <summary>
    /// The framework to subscribe; set <c>Id</c> (or use <see cref="FrameworkIdStore"/>) to fail over an
    /// existing framework. Set <c>FailoverTimeout</c> for its tasks to outlive a scheduler restart.
    /// </summary>
    public required FrameworkInfo FrameworkInfo { get; init; }

    /// <summary>
    /// When set, the driver subscribes with the stored id (unless <see cref="FrameworkInfo"/> has one),
    /// stores the id the master confirms on every SUBSCRIBED, and forgets it after a teardown.
    /// </summary>
    public IFrameworkIdStore? FrameworkIdStore { get; init; }

    /// <summary>
    /// Send an implicit reconciliation (RECONCILE without tasks) right after every SUBSCRIBED, so the
    /// scheduler learns the state of every task the master still holds for it.
    /// </summary>
    public bool ReconcileOnSubscribe { get; init; } = true;

    /// <summary>Roles to subscribe with offers suppressed.</summary>
    public IReadOnlyList<string> SuppressedRoles { get; init; } = [];

    /// <summary>Acknowledge status updates after <see cref="IScheduler.StatusUpdate"/> returns.</summary>
    public bool AutoAcknowledge { get; init; } = true;

    /// <summary>Reconnect when this many heartbeat intervals pass without any event.</summary>
    public int MissedHeartbeatsBeforeReconnect { get; init; } = 5;

    /// <summary>How long to wait for the SUBSCRIBED event, and for events while the master sends no heartbeats.</summary>
    public TimeSpan EventTimeout { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>How long to wait for the master to answer a call.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(75);

    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How to authenticate to the master when it requires it; null sends no credentials.</summary>
    public SchedulerCredential? Credential { get; init; }

    /// <summary>Redirects to follow for one request before giving up.</summary>
    public int MaxRedirects { get; init; } = 5;
}
