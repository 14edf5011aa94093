using System.Text.Json;
using Scheduler.Framework;
using Scheduler.Framework.Hosting;
using Scheduler.Protocol.V1;
using Scheduler.Services.Apps;
using static Scheduler.Framework.Hosting.SqliteTimestamps;

namespace Scheduler.Services.Storage;

/// <summary>Apps, instances and the framework's id in one SQLite file; each call is serialised by the database's lock.</summary>
public sealed class SqliteServiceStore : IServiceStore, IFrameworkIdStore, IDisposable
{
    private static readonly string[] AppParameters =
    [
        "$id", "$source", "$instances", "$version", "$versionAt", "$failures", "$delayUntil", "$launchCount", "$lastFailure", "$removed",
        "$deploymentId", "$deploymentKind", "$deploymentVersion", "$deploymentInstances", "$deploymentStartedAt",
    ];

    private static readonly string[] InstanceParameters =
    [
        "$task", "$app", "$version", "$serial", "$hasHealthCheck", "$agent", "$hostname", "$attributes", "$phase", "$healthy", "$state",
        "$message", "$launched", "$healthySince", "$ended", "$killRequested",
    ];

    private readonly SqliteDatabase database;
    private readonly SqliteFrameworkIdStore frameworkId;

    public SqliteServiceStore(string path)
    {
        database = new SqliteDatabase(path, """
            CREATE TABLE IF NOT EXISTS apps (
                id TEXT PRIMARY KEY, source TEXT NOT NULL, instances INTEGER NOT NULL, version INTEGER NOT NULL, version_at TEXT NOT NULL,
                failures INTEGER NOT NULL, delay_until TEXT, launch_count INTEGER NOT NULL, last_failure TEXT, removed INTEGER NOT NULL,
                deployment_id TEXT, deployment_kind TEXT, deployment_version INTEGER, deployment_instances INTEGER, deployment_started_at TEXT);
            CREATE TABLE IF NOT EXISTS instances (
                task_id TEXT PRIMARY KEY, app_id TEXT NOT NULL, version INTEGER NOT NULL, serial INTEGER NOT NULL, has_health_check INTEGER NOT NULL,
                agent_id TEXT NOT NULL, hostname TEXT NOT NULL, attributes TEXT NOT NULL, phase TEXT NOT NULL, healthy INTEGER, state TEXT NOT NULL,
                message TEXT, launched_at TEXT NOT NULL, healthy_since TEXT, ended_at TEXT, kill_requested INTEGER NOT NULL);
            """);
        frameworkId = new SqliteFrameworkIdStore(database);
    }

    public IReadOnlyList<StoredApp> LoadApps() =>
        database.Query("""
            SELECT id, source, instances, version, version_at, failures, delay_until, launch_count, last_failure, removed,
                   deployment_id, deployment_kind, deployment_version, deployment_instances, deployment_started_at
            FROM apps ORDER BY id
            """, reader =>
        {
            var deployment = reader.IsDBNull(10)
                ? null
                : new Deployment(reader.GetString(10), Enum.Parse<DeploymentKind>(reader.GetString(11)), reader.GetInt32(12), reader.GetInt32(13), Time(reader.GetString(14)));
            return new StoredApp(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), Time(reader.GetString(4)), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : Time(reader.GetString(6)), reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetInt32(9) != 0, deployment);
        });

    public IReadOnlyList<AppInstance> LoadInstances() =>
        database.Query("""
            SELECT task_id, app_id, version, serial, has_health_check, agent_id, hostname, attributes, phase, healthy, state, message,
                   launched_at, healthy_since, ended_at, kill_requested
            FROM instances ORDER BY app_id, serial
            """, reader => new AppInstance
        {
            TaskId = reader.GetString(0), AppId = reader.GetString(1), Version = reader.GetInt32(2), Serial = reader.GetInt32(3),
            HasHealthCheck = reader.GetInt32(4) != 0, AgentId = reader.GetString(5), Hostname = reader.GetString(6),
            Attributes = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(7)) ?? [],
            Phase = Enum.Parse<InstancePhase>(reader.GetString(8)), Healthy = reader.IsDBNull(9) ? null : reader.GetInt32(9) != 0,
            State = reader.GetString(10), Message = reader.IsDBNull(11) ? null : reader.GetString(11), LaunchedAt = Time(reader.GetString(12)),
            HealthySince = reader.IsDBNull(13) ? null : Time(reader.GetString(13)), EndedAt = reader.IsDBNull(14) ? null : Time(reader.GetString(14)),
            KillRequested = reader.GetInt32(15) != 0,
        });

    public void SaveApp(StoredApp app) =>
        database.ExecuteForEach($"INSERT OR REPLACE INTO apps VALUES ({string.Join(", ", AppParameters)})", AppParameters, [app], row =>
        [
            row.Id, row.Source, row.Instances, row.Version, Text(row.VersionAt), row.Failures, Text(row.DelayUntil), row.LaunchCount,
            row.LastFailure, row.Removed ? 1 : 0, row.Deployment?.Id, row.Deployment?.Kind.ToString(), row.Deployment?.Version,
            row.Deployment?.Instances, Text(row.Deployment?.StartedAt),
        ]);

    public void DeleteApp(string appId) =>
        database.ExecuteInTransaction(["DELETE FROM instances WHERE app_id = $id", "DELETE FROM apps WHERE id = $id"], ("$id", appId));

    public void SaveInstances(IReadOnlyCollection<AppInstance> instances) =>
        database.ExecuteForEach($"INSERT OR REPLACE INTO instances VALUES ({string.Join(", ", InstanceParameters)})", InstanceParameters, instances, instance =>
        [
            instance.TaskId, instance.AppId, instance.Version, instance.Serial, instance.HasHealthCheck ? 1 : 0, instance.AgentId, instance.Hostname,
            JsonSerializer.Serialize(instance.Attributes), instance.Phase.ToString(), instance.Healthy is { } healthy ? (healthy ? 1 : 0) : null,
            instance.State, instance.Message, Text(instance.LaunchedAt), Text(instance.HealthySince), Text(instance.EndedAt),
            instance.KillRequested ? 1 : 0,
        ]);

    public Task<FrameworkID?> LoadAsync(CancellationToken cancellationToken) => frameworkId.LoadAsync(cancellationToken);

    public Task SaveAsync(FrameworkID frameworkId, CancellationToken cancellationToken) => this.frameworkId.SaveAsync(frameworkId, cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken) => frameworkId.ClearAsync(cancellationToken);

    public void Dispose() => database.Dispose();
}
