using Scheduler.Protocol.V1;

namespace Scheduler.Framework.Hosting;

/// <summary>The framework's id as the row <c>framework_id</c> of a <c>settings</c> table, created when missing.</summary>
public sealed class SqliteFrameworkIdStore : IFrameworkIdStore
{
    private readonly SqliteDatabase database;

    public SqliteFrameworkIdStore(SqliteDatabase database)
    {
        this.database = database;
        database.Execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    }

    public Task<FrameworkID?> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(database.Scalar("SELECT value FROM settings WHERE key = 'framework_id'") is string id ? new FrameworkID { Value = id } : null);

    public Task SaveAsync(FrameworkID frameworkId, CancellationToken cancellationToken)
    {
        database.Execute("INSERT OR REPLACE INTO settings VALUES ('framework_id', $id)", ("$id", frameworkId.Value));
        return Task.CompletedTask;
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        database.Execute("DELETE FROM settings WHERE key = 'framework_id'");
        return Task.CompletedTask;
    }
}
