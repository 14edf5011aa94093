using Scheduler.Cron.Runs;
using Scheduler.Framework.Hosting;
using static Scheduler.Framework.Hosting.SqliteTimestamps;

namespace Scheduler.Cron.Storage;

/// <summary>Cron jobs and their runs in one SQLite file. Its owner serialises the calls; the database's lock guards them anyway.</summary>
public sealed class SqliteCronStore : ICronStore, IDisposable
{
    private static readonly string[] RunColumns =
    [
        "job", "number", "scheduled_at", "started_at", "ended_at", "phase", "attempts", "failures", "launches", "task_id", "agent_id",
        "message", "not_before", "kill_reason", "kill_fails",
    ];

    private static readonly string[] RunParameters = RunColumns.Select(column => "$" + column).ToArray();

    private readonly SqliteDatabase database;

    public SqliteCronStore(string path) =>
        database = new SqliteDatabase(path, """
            CREATE TABLE IF NOT EXISTS cron_jobs (
                name TEXT PRIMARY KEY, source TEXT NOT NULL, created_at TEXT NOT NULL, next_due TEXT, last_number INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS runs (
                job TEXT NOT NULL, number INTEGER NOT NULL, scheduled_at TEXT NOT NULL, started_at TEXT, ended_at TEXT, phase TEXT NOT NULL,
                attempts INTEGER NOT NULL, failures INTEGER NOT NULL, launches INTEGER NOT NULL, task_id TEXT, agent_id TEXT, message TEXT,
                not_before TEXT NOT NULL, kill_reason TEXT, kill_fails INTEGER NOT NULL, PRIMARY KEY (job, number));
            """);

    public IReadOnlyList<StoredCronJob> LoadJobs() =>
        database.Query("SELECT name, source, created_at, next_due, last_number FROM cron_jobs ORDER BY name", reader =>
            new StoredCronJob(reader.GetString(0), reader.GetString(1), Time(reader.GetString(2)),
                reader.IsDBNull(3) ? null : Time(reader.GetString(3)), reader.GetInt32(4)));

    public IReadOnlyList<CronRun> LoadRuns() =>
        database.Query($"SELECT {string.Join(", ", RunColumns)} FROM runs ORDER BY job, number", reader =>
        {
            string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
            return new CronRun
            {
                JobName = reader.GetString(0), Number = reader.GetInt32(1), ScheduledAt = Time(reader.GetString(2)),
                StartedAt = Text(3) is { } started ? Time(started) : null, EndedAt = Text(4) is { } ended ? Time(ended) : null,
                Phase = Enum.Parse<RunPhase>(reader.GetString(5)), Attempts = reader.GetInt32(6), Failures = reader.GetInt32(7),
                Launches = reader.GetInt32(8), TaskId = Text(9), AgentId = Text(10), Message = Text(11), NotBefore = Time(reader.GetString(12)),
                KillReason = Text(13), KillFails = reader.GetInt32(14) != 0,
            };
        });

    public void SaveJob(StoredCronJob job) =>
        database.Execute("INSERT OR REPLACE INTO cron_jobs VALUES ($name, $source, $created, $next, $last)",
            ("$name", job.Name), ("$source", job.Source), ("$created", Text(job.CreatedAt)), ("$next", Text(job.NextDue)), ("$last", job.LastNumber));

    public void DeleteJob(string name) =>
        database.ExecuteInTransaction(["DELETE FROM runs WHERE job = $name", "DELETE FROM cron_jobs WHERE name = $name"], ("$name", name));

    public void SaveRuns(IReadOnlyCollection<CronRun> runs) =>
        database.ExecuteForEach($"INSERT OR REPLACE INTO runs VALUES ({string.Join(", ", RunParameters)})", RunParameters, runs, run =>
        [
            run.JobName, run.Number, Text(run.ScheduledAt), Text(run.StartedAt), Text(run.EndedAt), run.Phase.ToString(), run.Attempts,
            run.Failures, run.Launches, run.TaskId, run.AgentId, run.Message, Text(run.NotBefore), run.KillReason, run.KillFails ? 1 : 0,
        ]);

    public void DeleteRuns(string jobName, IReadOnlyCollection<int> numbers) =>
        database.ExecuteForEach("DELETE FROM runs WHERE job = $job AND number = $number", ["$job", "$number"], numbers, number => [jobName, number]);

    public void Dispose() => database.Dispose();
}
