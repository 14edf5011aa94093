using Scheduler.Cron.Runs;

namespace Scheduler.Cron.Storage;

/// <summary>Where cron jobs and their runs outlive the framework's process.</summary>
public interface ICronStore
{
    IReadOnlyList<StoredCronJob> LoadJobs();

    IReadOnlyList<CronRun> LoadRuns();

    void SaveJob(StoredCronJob job);

    /// <summary>Deletes the job and all its runs.</summary>
    void DeleteJob(string name);

    /// <summary>Inserts or replaces the runs, all or none.</summary>
    void SaveRuns(IReadOnlyCollection<CronRun> runs);

    void DeleteRuns(string jobName, IReadOnlyCollection<int> numbers);
}
