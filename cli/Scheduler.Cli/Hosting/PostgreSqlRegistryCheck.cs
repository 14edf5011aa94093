using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace Scheduler.Cli.Hosting;

/// <summary>
/// Checks, before a master starts, that the PostgreSQL server named for its registry answers: a wrong connection string
/// or an unreachable server is a one-line error instead of a master whose registry fails over and over.
/// </summary>
public static class PostgreSqlRegistryCheck
{
    /// <summary>Null when the server answered a query within <paramref name="timeout"/>; otherwise why not.</summary>
    public static async Task<string?> ProblemAsync(string connectionString, TimeSpan timeout, CancellationToken cancel)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            return $"not a PostgreSQL connection string: {e.Message}";
        }
        if (string.IsNullOrWhiteSpace(builder.Host)) return "not a PostgreSQL connection string: it names no Host";
        builder.Timeout = Math.Max(1, (int)timeout.TotalSeconds);
        builder.Pooling = false;
        var server = $"{builder.Host}:{builder.Port}";

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(deadline.Token);
            await using var query = new NpgsqlCommand("SELECT 1", connection);
            await query.ExecuteScalarAsync(deadline.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return $"PostgreSQL at {server} did not answer within {timeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is DbException or SocketException or IOException or TimeoutException)
        {
            return $"cannot use PostgreSQL at {server}: {Innermost(e).Message}";
        }
    }

    private static Exception Innermost(Exception e) => e is PostgresException || e.InnerException is null ? e : Innermost(e.InnerException);
}
