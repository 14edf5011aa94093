using Microsoft.Data.Sqlite;

namespace Scheduler.Framework.Hosting;

/// <summary>
/// One SQLite file on one connection (write-ahead log, <c>synchronous = NORMAL</c>), its schema created on opening.
/// Each call holds a lock for its whole length, so the stores built on it are safe to call from several threads.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Lock gate = new();

    /// <param name="path">The file, or <c>:memory:</c>.</param>
    /// <param name="schema">Statements that create what is missing (<c>CREATE TABLE IF NOT EXISTS</c>), run at every opening.</param>
    public SqliteDatabase(string path, string schema)
    {
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        try
        {
            Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            Execute(schema);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs one or more statements, each given the parameters it names.</summary>
    public void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (gate)
        {
            using var command = Command(sql, parameters);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Runs the statements in one transaction, with the same parameters: all of them take effect or none.</summary>
    public void ExecuteInTransaction(IReadOnlyList<string> statements, params (string Name, object? Value)[] parameters)
    {
        lock (gate)
        {
            using var transaction = connection.BeginTransaction();
            foreach (var sql in statements)
            {
                using var command = Command(sql, parameters);
                command.Transaction = transaction;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    /// <summary>
    /// Runs one statement once a row, in one transaction, the row's values bound to the parameters in order
    /// (null as SQL NULL); nothing at all for no rows.
    /// </summary>
    public void ExecuteForEach<TRow>(string sql, IReadOnlyList<string> parameterNames, IReadOnlyCollection<TRow> rows, Func<TRow, object?[]> values)
    {
        lock (gate)
        {
            if (rows.Count == 0) return;
            using var transaction = connection.BeginTransaction();
            using var command = Command(sql);
            command.Transaction = transaction;
            var parameters = parameterNames.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            foreach (var row in rows)
            {
                var rowValues = values(row);
                if (rowValues.Length != parameters.Length)
                    throw new ArgumentException($"{rowValues.Length} values for {parameters.Length} parameters", nameof(values));
                for (var i = 0; i < parameters.Length; i++) parameters[i].Value = rowValues[i] ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    /// <summary>Every row the query returns, each read by <paramref name="readRow"/>.</summary>
    public IReadOnlyList<T> Query<T>(string sql, Func<SqliteDataReader, T> readRow, params (string Name, object? Value)[] parameters)
    {
        lock (gate)
        {
            using var command = Command(sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(readRow(reader));
            return rows;
        }
    }

    /// <summary>The first column of the first row, or null when there is none.</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (gate)
        {
            using var command = Command(sql, parameters);
            return command.ExecuteScalar();
        }
    }

    public void Dispose() => connection.Dispose();

    private SqliteCommand Command(string sql, IEnumerable<(string Name, object? Value)>? parameters = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters ?? []) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
