using System.Globalization;
using Microsoft.Data.Sqlite;
using Scheduler.Cron.Runs;

namespace Scheduler.Cron.Storage;

/// <summary>Cron jobs and their runs in one SQLite file. Its owner serialises the calls; a lock guards them anyway.</summary>
public sealed class SqliteCronStore : ICronStore, IDisposable
{
    private static readonly string[] RunColumns =
    [
        "job", "number", "scheduled_at", "started_at", "ended_at", "phase", "attempts", "failures", "launches", "task_id", "agent_id",
        "message", "not_before", "kill_reason", "kill_fails",
    ];

    private readonly SqliteConnection connection;
    private readonly Lock gate = new();

    public SqliteCronStore(string path)
    {
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS cron_jobs (
                name TEXT PRIMARY KEY, source TEXT NOT NULL, created_at TEXT NOT NULL, next_due TEXT, last_number INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS runs (
                job TEXT NOT NULL, number INTEGER NOT NULL, scheduled_at TEXT NOT NULL, started_at TEXT, ended_at TEXT, phase TEXT NOT NULL,
                attempts INTEGER NOT NULL, failures INTEGER NOT NULL, launches INTEGER NOT NULL, task_id TEXT, agent_id TEXT, message TEXT,
                not_before TEXT NOT NULL, kill_reason TEXT, kill_fails INTEGER NOT NULL, PRIMARY KEY (job, number));
            """);
    }

    public IReadOnlyList<StoredCronJob> LoadJobs()
    {
        lock (gate)
        {
            using var command = Command("SELECT name, source, created_at, next_due, last_number FROM cron_jobs ORDER BY name");
            using var reader = command.ExecuteReader();
            var jobs = new List<StoredCronJob>();
            while (reader.Read())
                jobs.Add(new StoredCronJob(reader.GetString(0), reader.GetString(1), Time(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : Time(reader.GetString(3)), reader.GetInt32(4)));
            return jobs;
        }
    }

    public IReadOnlyList<CronRun> LoadRuns()
    {
        lock (gate)
        {
            using var command = Command($"SELECT {string.Join(", ", RunColumns)} FROM runs ORDER BY job, number");
            using var reader = command.ExecuteReader();
            var runs = new List<CronRun>();
            string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
            while (reader.Read())
                runs.Add(new CronRun
                {
                    JobName = reader.GetString(0), Number = reader.GetInt32(1), ScheduledAt = Time(reader.GetString(2)),
                    StartedAt = Text(3) is { } started ? Time(started) : null, EndedAt = Text(4) is { } ended ? Time(ended) : null,
                    Phase = Enum.Parse<RunPhase>(reader.GetString(5)), Attempts = reader.GetInt32(6), Failures = reader.GetInt32(7),
                    Launches = reader.GetInt32(8), TaskId = Text(9), AgentId = Text(10), Message = Text(11), NotBefore = Time(reader.GetString(12)),
                    KillReason = Text(13), KillFails = reader.GetInt32(14) != 0,
                });
            return runs;
        }
    }

    public void SaveJob(StoredCronJob job)
    {
        lock (gate)
        {
            using var command = Command("INSERT OR REPLACE INTO cron_jobs VALUES ($name, $source, $created, $next, $last)");
            command.Parameters.AddWithValue("$name", job.Name);
            command.Parameters.AddWithValue("$source", job.Source);
            command.Parameters.AddWithValue("$created", Text(job.CreatedAt));
            command.Parameters.AddWithValue("$next", job.NextDue is { } next ? Text(next) : DBNull.Value);
            command.Parameters.AddWithValue("$last", job.LastNumber);
            command.ExecuteNonQuery();
        }
    }

    public void DeleteJob(string name)
    {
        lock (gate)
        {
            using var transaction = connection.BeginTransaction();
            foreach (var table in new[] { "runs WHERE job", "cron_jobs WHERE name" })
            {
                using var command = Command($"DELETE FROM {table} = $name");
                command.Transaction = transaction;
                command.Parameters.AddWithValue("$name", name);
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    public void SaveRuns(IReadOnlyCollection<CronRun> runs)
    {
        lock (gate)
        {
            if (runs.Count == 0) return;
            using var transaction = connection.BeginTransaction();
            using var command = Command($"INSERT OR REPLACE INTO runs VALUES ({string.Join(", ", RunColumns.Select(column => "$" + column))})");
            command.Transaction = transaction;
            var parameters = RunColumns.Select(column => command.Parameters.Add("$" + column, SqliteType.Text)).ToArray();
            foreach (var run in runs)
            {
                object?[] values =
                [
                    run.JobName, run.Number, Text(run.ScheduledAt), run.StartedAt is { } started ? Text(started) : null,
                    run.EndedAt is { } ended ? Text(ended) : null, run.Phase.ToString(), run.Attempts, run.Failures, run.Launches, run.TaskId,
                    run.AgentId, run.Message, Text(run.NotBefore), run.KillReason, run.KillFails ? 1 : 0,
                ];
                for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    public void DeleteRuns(string jobName, IReadOnlyCollection<int> numbers)
    {
        lock (gate)
        {
            if (numbers.Count == 0) return;
            using var transaction = connection.BeginTransaction();
            using var command = Command("DELETE FROM runs WHERE job = $job AND number = $number");
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$job", jobName);
            var number = command.Parameters.Add("$number", SqliteType.Integer);
            foreach (var value in numbers)
            {
                number.Value = value;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
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
