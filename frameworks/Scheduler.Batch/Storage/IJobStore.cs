using Scheduler.Batch.Jobs;

namespace Scheduler.Batch.Storage;

/// <summary>Where the jobs and their attempts outlive the framework's process.</summary>
public interface IJobStore
{
    IReadOnlyList<StoredJob> LoadJobs();

    IReadOnlyList<TaskAttempt> LoadAttempts();

    void SaveJob(StoredJob job);

    /// <summary>Inserts or replaces the attempts, all or none.</summary>
    void SaveAttempts(IReadOnlyCollection<TaskAttempt> attempts);
}
