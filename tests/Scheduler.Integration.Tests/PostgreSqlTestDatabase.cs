using Npgsql;

namespace Scheduler.Integration.Tests;

/// <summary>
/// A database of its own for one test on the PostgreSQL server of <c>scripts/postgres.sh start</c> (or the one
/// <c>SCHED_POSTGRES_CONNECTION</c> names): created empty, dropped on dispose with whatever still connects to it.
/// </summary>
public sealed class PostgreSqlTestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "SCHED_POSTGRES_CONNECTION";
    private const string ScriptsServer = "Host=127.0.0.1;Port=5433;Database=sched;Username=sched;Password=sched";

    private readonly string _server;

    private PostgreSqlTestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>Creates the database; ignores the test when no server answers.</summary>
    public static async Task<PostgreSqlTestDatabase> CreateAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(ServerVariable) ?? ScriptsServer)
        {
            Timeout = 3, Pooling = false,
        }.ConnectionString;
        var database = new PostgreSqlTestDatabase(server, $"sched_test_{Guid.NewGuid():N}");
        try
        {
            await database.ExecuteAsync($"CREATE DATABASE {database.Name}");
        }
        catch (NpgsqlException e)
        {
            Assert.Ignore($"No PostgreSQL server for the registry tests ({e.Message}): run scripts/postgres.sh start (CI's .ci/run does), " +
                $"or name one in {ServerVariable}");
        }
        return database;
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
