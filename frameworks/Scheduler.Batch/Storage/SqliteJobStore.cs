using Scheduler.Batch.Jobs;
using Scheduler.Framework;
using Scheduler.Framework.Hosting;
using Scheduler.Protocol.V1;
using static Scheduler.Framework.Hosting.SqliteTimestamps;

namespace Scheduler.Batch.Storage;

/// <summary>Jobs, attempts and the framework's id in one SQLite file; each call is serialised by the database's lock.</summary>
public sealed class SqliteJobStore : IJobStore, IFrameworkIdStore, IDisposable
{
    private static readonly string[] AttemptParameters =
        ["$task", "$job", "$name", "$index", "$number", "$phase", "$agent", "$message", "$launched", "$ended", "$timedOut", "$killRequested"];

    private readonly SqliteDatabase database;
    private readonly SqliteFrameworkIdStore frameworkId;

    public SqliteJobStore(string path)
    {
        database = new SqliteDatabase(path, """
            CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY, number INTEGER NOT NULL, source TEXT NOT NULL, submitted_at TEXT NOT NULL, killed INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS attempts (
                task_id TEXT PRIMARY KEY, job_id TEXT NOT NULL, task_name TEXT NOT NULL, task_index INTEGER NOT NULL,
                number INTEGER NOT NULL, phase TEXT NOT NULL, agent_id TEXT, message TEXT, launched_at TEXT NOT NULL,
                ended_at TEXT, timed_out INTEGER NOT NULL, kill_requested INTEGER NOT NULL);
            """);
        frameworkId = new SqliteFrameworkIdStore(database);
    }

    public IReadOnlyList<StoredJob> LoadJobs() =>
        database.Query("SELECT id, number, source, submitted_at, killed FROM jobs ORDER BY number", reader =>
            new StoredJob(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), Time(reader.GetString(3)), reader.GetInt32(4) != 0));

    public IReadOnlyList<TaskAttempt> LoadAttempts() =>
        database.Query("""
            SELECT task_id, job_id, task_name, task_index, number, phase, agent_id, message, launched_at, ended_at, timed_out, kill_requested
            FROM attempts ORDER BY job_id, task_name, task_index, number
            """, reader => new TaskAttempt
        {
            TaskId = reader.GetString(0), JobId = reader.GetString(1), TaskName = reader.GetString(2), Index = reader.GetInt32(3),
            Number = reader.GetInt32(4), Phase = Enum.Parse<TaskPhase>(reader.GetString(5)),
            AgentId = reader.IsDBNull(6) ? null : reader.GetString(6), Message = reader.IsDBNull(7) ? null : reader.GetString(7),
            LaunchedAt = Time(reader.GetString(8)), EndedAt = reader.IsDBNull(9) ? null : Time(reader.GetString(9)),
            TimedOut = reader.GetInt32(10) != 0, KillRequested = reader.GetInt32(11) != 0,
        });

    public void SaveJob(StoredJob job) =>
        database.Execute("INSERT OR REPLACE INTO jobs VALUES ($id, $number, $source, $submitted, $killed)",
            ("$id", job.Id), ("$number", job.Number), ("$source", job.Source), ("$submitted", Text(job.SubmittedAt)), ("$killed", job.Killed ? 1 : 0));

    public void SaveAttempts(IReadOnlyCollection<TaskAttempt> attempts) =>
        database.ExecuteForEach($"INSERT OR REPLACE INTO attempts VALUES ({string.Join(", ", AttemptParameters)})", AttemptParameters, attempts, attempt =>
        [
            attempt.TaskId, attempt.JobId, attempt.TaskName, attempt.Index, attempt.Number, attempt.Phase.ToString(), attempt.AgentId,
            attempt.Message, Text(attempt.LaunchedAt), Text(attempt.EndedAt), attempt.TimedOut ? 1 : 0, attempt.KillRequested ? 1 : 0,
        ]);

    public Task<FrameworkID?> LoadAsync(CancellationToken cancellationToken) => frameworkId.LoadAsync(cancellationToken);

    public Task SaveAsync(FrameworkID frameworkId, CancellationToken cancellationToken) => this.frameworkId.SaveAsync(frameworkId, cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => frameworkId.ClearAsync(cancellationToken);

    public void Dispose() => database.Dispose();
}
