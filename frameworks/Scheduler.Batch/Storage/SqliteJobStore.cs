using System.Globalization;
using Microsoft.Data.Sqlite;
using Scheduler.Batch.Jobs;
using Scheduler.Framework;
using Scheduler.Protocol.V1;

namespace Scheduler.Batch.Storage;

/// <summary>
/// Jobs, attempts and the framework's id in one SQLite file. Not thread-safe: its owner serialises the calls.
/// </summary>
public sealed class SqliteJobStore : IJobStore, IFrameworkIdStore, IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Lock gate = new();

    public SqliteJobStore(string path)
    {
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY, number INTEGER NOT NULL, source TEXT NOT NULL, submitted_at TEXT NOT NULL, killed INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS attempts (
                task_id TEXT PRIMARY KEY, job_id TEXT NOT NULL, task_name TEXT NOT NULL, task_index INTEGER NOT NULL,
                number INTEGER NOT NULL, phase TEXT NOT NULL, agent_id TEXT, message TEXT, launched_at TEXT NOT NULL,
                ended_at TEXT, timed_out INTEGER NOT NULL, kill_requested INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """);
    }

    public IReadOnlyList<StoredJob> LoadJobs()
    {
        lock (gate)
        {
            using var command = Command("SELECT id, number, source, submitted_at, killed FROM jobs ORDER BY number");
            using var reader = command.ExecuteReader();
            var jobs = new List<StoredJob>();
            while (reader.Read())
                jobs.Add(new StoredJob(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), Time(reader.GetString(3)), reader.GetInt32(4) != 0));
            return jobs;
        }
    }

    public IReadOnlyList<TaskAttempt> LoadAttempts()
    {
        lock (gate)
        {
            using var command = Command("""
                SELECT task_id, job_id, task_name, task_index, number, phase, agent_id, message, launched_at, ended_at, timed_out, kill_requested
                FROM attempts ORDER BY job_id, task_name, task_index, number
                """);
            using var reader = command.ExecuteReader();
            var attempts = new List<TaskAttempt>();
            while (reader.Read())
                attempts.Add(new TaskAttempt
                {
                    TaskId = reader.GetString(0), JobId = reader.GetString(1), TaskName = reader.GetString(2), Index = reader.GetInt32(3),
                    Number = reader.GetInt32(4), Phase = Enum.Parse<TaskPhase>(reader.GetString(5)),
                    AgentId = reader.IsDBNull(6) ? null : reader.GetString(6), Message = reader.IsDBNull(7) ? null : reader.GetString(7),
                    LaunchedAt = Time(reader.GetString(8)), EndedAt = reader.IsDBNull(9) ? null : Time(reader.GetString(9)),
                    TimedOut = reader.GetInt32(10) != 0, KillRequested = reader.GetInt32(11) != 0,
                });
            return attempts;
        }
    }

    public void SaveJob(StoredJob job)
    {
        lock (gate)
        {
            using var command = Command("INSERT OR REPLACE INTO jobs VALUES ($id, $number, $source, $submitted, $killed)");
            command.Parameters.AddWithValue("$id", job.Id);
            command.Parameters.AddWithValue("$number", job.Number);
            command.Parameters.AddWithValue("$source", job.Source);
            command.Parameters.AddWithValue("$submitted", Text(job.SubmittedAt));
            command.Parameters.AddWithValue("$killed", job.Killed ? 1 : 0);
            command.ExecuteNonQuery();
        }
    }

    public void SaveAttempts(IReadOnlyCollection<TaskAttempt> attempts)
    {
        lock (gate)
        {
            if (attempts.Count == 0) return;
            using var transaction = connection.BeginTransaction();
            using var command = Command("""
                INSERT OR REPLACE INTO attempts VALUES ($task, $job, $name, $index, $number, $phase, $agent, $message, $launched, $ended, $timedOut, $killRequested)
                """);
            command.Transaction = transaction;
            var parameters = new[] { "$task", "$job", "$name", "$index", "$number", "$phase", "$agent", "$message", "$launched", "$ended", "$timedOut", "$killRequested" }
                .Select(name => command.Parameters.Add(name, SqliteType.Text)).ToArray();
            foreach (var attempt in attempts)
            {
                object?[] values =
                [
                    attempt.TaskId, attempt.JobId, attempt.TaskName, attempt.Index, attempt.Number, attempt.Phase.ToString(), attempt.AgentId,
                    attempt.Message, Text(attempt.LaunchedAt), attempt.EndedAt is { } ended ? Text(ended) : null, attempt.TimedOut ? 1 : 0,
                    attempt.KillRequested ? 1 : 0,
                ];
                for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    public Task<FrameworkID?> LoadAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            using var command = Command("SELECT value FROM settings WHERE key = 'framework_id'");
            return Task.FromResult(command.ExecuteScalar() is string id ? new FrameworkID { Value = id } : null);
        }
    }

    public Task SaveAsync(FrameworkID frameworkId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            using var command = Command("INSERT OR REPLACE INTO settings VALUES ('framework_id', $id)");
            command.Parameters.AddWithValue("$id", frameworkId.Value);
            command.ExecuteNonQuery();
            return Task.CompletedTask;
        }
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Execute("DELETE FROM settings WHERE key = 'framework_id'");
            return Task.CompletedTask;
        }
    }

    public void Dispose() => connection.Dispose();

    private SqliteCommand Command(string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        return command;
    }

    private void Execute(string text)
    {
        using var command = Command(text);
        command.ExecuteNonQuery();
    }

    private static string Text(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
