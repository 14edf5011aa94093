using Scheduler.Protocol.V1;

namespace Scheduler.Framework;

/// <summary>
/// Where a framework keeps the id the master assigned it, so that a restarted
/// scheduler subscribes as the same framework and fails over instead of
/// starting a new one (whose predecessor's tasks would be killed once its
/// failover timeout passes).
/// </summary>
public interface IFrameworkIdStore
{
    /// <summary>The stored id, or null when the framework has never subscribed or was torn down.</summary>
    Task<FrameworkID?> LoadAsync(CancellationToken cancellationToken);

    Task SaveAsync(FrameworkID frameworkId, CancellationToken cancellationToken);

    /// <summary>Forgets the id; the next subscription registers a new framework.</summary>
    Task ClearAsync(CancellationToken cancellationToken);
}
