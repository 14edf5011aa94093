namespace Scheduler.Agent.GarbageCollection;

/// <summary>How full the disk that holds the sandboxes is.</summary>
public interface IDiskUsage
{
    /// <summary>The used share of the filesystem's capacity, from 0 to 1.</summary>
    double UsedFraction();
}
