using Microsoft.Data.Sqlite;
using Scheduler.Framework.Hosting;

namespace Scheduler.Framework.Tests.Hosting;

[TestFixture]
public sealed class SqliteDatabaseTests
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS items (id TEXT PRIMARY KEY, size INTEGER, note TEXT);";
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("sqlite-database-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    private string DatabaseFile => Path.Combine(directory, "test.db");

    private static IReadOnlyList<(string Id, long? Size, string? Note)> Items(SqliteDatabase database) =>
        database.Query("SELECT id, size, note FROM items ORDER BY id", reader =>
            (reader.GetString(0), reader.IsDBNull(1) ? (long?)null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)));

    [Test]
    public void Rows_outlive_the_connection_and_the_schema_is_created_only_when_missing()
    {
        using (var database = new SqliteDatabase(DatabaseFile, Schema))
            database.Execute("INSERT INTO items VALUES ($id, $size, $note)", ("$id", "a"), ("$size", 3), ("$note", null));

        using var reopened = new SqliteDatabase(DatabaseFile, Schema);
        Assert.That(Items(reopened), Is.EqualTo(new[] { ("a", (long?)3, (string?)null) }));
        Assert.That(reopened.Scalar("PRAGMA journal_mode"), Is.EqualTo("wal"));
    }

    [Test]
    public void Each_row_is_written_with_its_values_in_parameter_order_and_null_as_sql_null()
    {
        using var database = new SqliteDatabase(":memory:", Schema);
        database.ExecuteForEach("INSERT INTO items VALUES ($id, $size, $note)", ["$id", "$size", "$note"], new[] { 1, 2 },
            number => [$"item-{number}", number * 10, number == 1 ? null : "second"]);

        Assert.That(Items(database), Is.EqualTo(new[] { ("item-1", (long?)10, (string?)null), ("item-2", (long?)20, (string?)"second") }));
        Assert.That(database.Scalar("SELECT typeof(size) FROM items WHERE id = 'item-1'"), Is.EqualTo("integer"));
    }

    [Test]
    public void A_row_that_fails_leaves_none_of_the_rows_written()
    {
        using var database = new SqliteDatabase(":memory:", Schema);
        database.Execute("INSERT INTO items VALUES ('taken', 1, NULL)");

        Assert.That(() => database.ExecuteForEach("INSERT INTO items VALUES ($id, NULL, NULL)", ["$id"], new[] { "new", "taken" }, id => [id]),
            Throws.InstanceOf<SqliteException>());
        Assert.That(Items(database).Select(item => item.Id), Is.EqualTo(new[] { "taken" }));
    }

    [Test]
    public void Too_few_values_for_the_parameters_is_refused_and_writes_nothing()
    {
        using var database = new SqliteDatabase(":memory:", Schema);
        Assert.That(() => database.ExecuteForEach("INSERT INTO items VALUES ($id, $size, NULL)", ["$id", "$size"], new[] { "a" }, id => [id]),
            Throws.ArgumentException);
        Assert.That(Items(database), Is.Empty);
    }

    [Test]
    public void Statements_in_one_transaction_all_take_effect_or_none()
    {
        using var database = new SqliteDatabase(":memory:", Schema);
        database.Execute("INSERT INTO items VALUES ('a', 1, NULL); INSERT INTO items VALUES ('b', 2, NULL);");

        Assert.That(() => database.ExecuteInTransaction(["DELETE FROM items WHERE id = $id", "INSERT INTO nowhere VALUES ($id)"], ("$id", "a")),
            Throws.InstanceOf<SqliteException>());
        Assert.That(Items(database).Select(item => item.Id), Is.EqualTo(new[] { "a", "b" }));

        database.ExecuteInTransaction(["DELETE FROM items WHERE id = $id", "UPDATE items SET note = $id"], ("$id", "a"));
        Assert.That(Items(database), Is.EqualTo(new[] { ("b", (long?)2, (string?)"a") }));
    }

    [Test]
    public void A_query_takes_parameters_and_a_scalar_of_no_row_is_null()
    {
        using var database = new SqliteDatabase(":memory:", Schema);
        database.Execute("INSERT INTO items VALUES ('a', 1, NULL); INSERT INTO items VALUES ('b', 2, NULL);");

        Assert.That(database.Query("SELECT id FROM items WHERE size > $min", reader => reader.GetString(0), ("$min", 1)), Is.EqualTo(new[] { "b" }));
        Assert.That(database.Scalar("SELECT id FROM items WHERE size > 5"), Is.Null);
    }

    [Test]
    public void A_schema_that_fails_is_reported_when_opening()
    {
        Assert.That(() => new SqliteDatabase(DatabaseFile, "CREATE TABLE broken ("), Throws.InstanceOf<SqliteException>());
    }
}
