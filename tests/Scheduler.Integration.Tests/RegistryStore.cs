namespace Scheduler.Integration.Tests;

/// <summary>Where the masters of a process test keep their shared registry.</summary>
public enum RegistryStore
{
    /// <summary>One SQLite file in the test's scratch directory (the default of <c>sched master</c>).</summary>
    Sqlite,

    /// <summary>A fresh database on the test PostgreSQL server (<c>--registry-connection</c>).</summary>
    PostgreSql,
}
