using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Scheduler.Services.Apps;

namespace Scheduler.Services.Storage;

/// <summary>Apps, instances and the framework's id in one SQLite file. Each call is serialised by its own lock.</summary>
public sealed class SqliteServiceStore : IServiceStore, IFrameworkIdStore, IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Lock gate = new();

    public SqliteServiceStore(string path)
    {
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS apps (
                id TEXT PRIMARY KEY, source TEXT NOT NULL, instances INTEGER NOT NULL, version INTEGER NOT NULL, version_at TEXT NOT NULL,
                failures INTEGER NOT NULL, delay_until TEXT, launch_count INTEGER NOT NULL, last_failure TEXT, removed INTEGER NOT NULL,
                deployment_id TEXT, deployment_kind TEXT, deployment_version INTEGER, deployment_instances INTEGER, deployment_started_at TEXT);
            CREATE TABLE IF NOT EXISTS instances (
                task_id TEXT PRIMARY KEY, app_id TEXT NOT NULL, version INTEGER NOT NULL, serial INTEGER NOT NULL, has_health_check INTEGER NOT NULL,
                agent_id TEXT NOT NULL, hostname TEXT NOT NULL, attributes TEXT NOT NULL, phase TEXT NOT NULL, healthy INTEGER, state TEXT NOT NULL,
                message TEXT, launched_at TEXT NOT NULL, healthy_since TEXT, ended_at TEXT, kill_requested INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """);
    }

    public IReadOnlyList<StoredApp> LoadApps()
    {
        lock (gate)
        {
            using var command = Command("""
                SELECT id, source, instances, version, version_at, failures, delay_until, launch_count, last_failure, removed,
                       deployment_id, deployment_kind, deployment_version, deployment_instances, deployment_started_at
                FROM apps ORDER BY id
                """);
            using var reader = command.ExecuteReader();
            var apps = new List<StoredApp>();
            while (reader.Read())
            {
                var deployment = reader.IsDBNull(10)
                    ? null
                    : new Deployment(reader.GetString(10), Enum.Parse<DeploymentKind>(reader.GetString(11)), reader.GetInt32(12), reader.GetInt32(13), Time(reader.GetString(14)));
                apps.Add(new StoredApp(
                    reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), Time(reader.GetString(4)), reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : Time(reader.GetString(6)), reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.GetInt32(9) != 0, deployment));
            }
            return apps;
        }
    }

    public IReadOnlyList<AppInstance> LoadInstances()
    {
        lock (gate)
        {
            using var command = Command("""
                SELECT task_id, app_id, version, serial, has_health_check, agent_id, hostname, attributes, phase, healthy, state, message,
                       launched_at, healthy_since, ended_at, kill_requested
                FROM instances ORDER BY app_id, serial
                """);
            using var reader = command.ExecuteReader();
            var instances = new List<AppInstance>();
            while (reader.Read())
                instances.Add(new AppInstance
                {
                    TaskId = reader.GetString(0), AppId = reader.GetString(1), Version = reader.GetInt32(2), Serial = reader.GetInt32(3),
                    HasHealthCheck = reader.GetInt32(4) != 0, AgentId = reader.GetString(5), Hostname = reader.GetString(6),
                    Attributes = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(7)) ?? [],
                    Phase = Enum.Parse<InstancePhase>(reader.GetString(8)), Healthy = reader.IsDBNull(9) ? null : reader.GetInt32(9) != 0,
                    State = reader.GetString(10), Message = reader.IsDBNull(11) ? null : reader.GetString(11), LaunchedAt = Time(reader.GetString(12)),
                    HealthySince = reader.IsDBNull(13) ? null : Time(reader.GetString(13)), EndedAt = reader.IsDBNull(14) ? null : Time(reader.GetString(14)),
                    KillRequested = reader.GetInt32(15) != 0,
                });
            return instances;
        }
    }

    public void SaveApp(StoredApp app)
    {
        lock (gate)
        {
            using var command = Command("""
                INSERT OR REPLACE INTO apps VALUES ($id, $source, $instances, $version, $versionAt, $failures, $delayUntil, $launchCount, $lastFailure,
                    $removed, $deploymentId, $deploymentKind, $deploymentVersion, $deploymentInstances, $deploymentStartedAt)
                """);
            var deployment = app.Deployment;
            object?[] values =
            [
                app.Id, app.Source, app.Instances, app.Version, Text(app.VersionAt), app.Failures, app.DelayUntil is { } delay ? Text(delay) : null,
                app.LaunchCount, app.LastFailure, app.Removed ? 1 : 0, deployment?.Id, deployment?.Kind.ToString(), deployment?.Version,
                deployment?.Instances, deployment is null ? null : Text(deployment.StartedAt),
            ];
            string[] names =
            [
                "$id", "$source", "$instances", "$version", "$versionAt", "$failures", "$delayUntil", "$launchCount", "$lastFailure", "$removed",
                "$deploymentId", "$deploymentKind", "$deploymentVersion", "$deploymentInstances", "$deploymentStartedAt",
            ];
            for (var i = 0; i < names.Length; i++) command.Parameters.AddWithValue(names[i], values[i] ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
    }

    public void DeleteApp(string appId)
    {
        lock (gate)
        {
            using var transaction = connection.BeginTransaction();
            foreach (var sql in new[] { "DELETE FROM instances WHERE app_id = $id", "DELETE FROM apps WHERE id = $id" })
            {
                using var command = Command(sql);
                command.Transaction = transaction;
                command.Parameters.AddWithValue("$id", appId);
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    public void SaveInstances(IReadOnlyCollection<AppInstance> instances)
    {
        lock (gate)
        {
            if (instances.Count == 0) return;
            using var transaction = connection.BeginTransaction();
            using var command = Command("""
                INSERT OR REPLACE INTO instances VALUES ($task, $app, $version, $serial, $hasHealthCheck, $agent, $hostname, $attributes, $phase,
                    $healthy, $state, $message, $launched, $healthySince, $ended, $killRequested)
                """);
            command.Transaction = transaction;
            var parameters = new[]
                {
                    "$task", "$app", "$version", "$serial", "$hasHealthCheck", "$agent", "$hostname", "$attributes", "$phase", "$healthy", "$state",
                    "$message", "$launched", "$healthySince", "$ended", "$killRequested",
                }
                .Select(name => command.Parameters.Add(name, SqliteType.Text)).ToArray();
            foreach (var instance in instances)
            {
                object?[] values =
                [
                    instance.TaskId, instance.AppId, instance.Version, instance.Serial, instance.HasHealthCheck ? 1 : 0, instance.AgentId, instance.Hostname,
                    JsonSerializer.Serialize(instance.Attributes), instance.Phase.ToString(), instance.Healthy is { } healthy ? (healthy ? 1 : 0) : null,
                    instance.State, instance.Message, Text(instance.LaunchedAt), instance.HealthySince is { } since ? Text(since) : null,
                    instance.EndedAt is { } ended ? Text(ended) : null, instance.KillRequested ? 1 : 0,
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
