using Scheduler.Framework.Hosting;
using Scheduler.Protocol.V1;

namespace Scheduler.Framework.Tests.Hosting;

[TestFixture]
public sealed class SqliteFrameworkIdStoreTests
{
    [Test]
    public async Task The_id_is_saved_replaced_kept_across_openings_and_cleared()
    {
        var directory = Directory.CreateTempSubdirectory("framework-id-").FullName;
        var file = Path.Combine(directory, "framework.db");
        try
        {
            using (var database = new SqliteDatabase(file, ""))
            {
                var store = new SqliteFrameworkIdStore(database);
                Assert.That(await store.LoadAsync(CancellationToken.None), Is.Null);
                await store.SaveAsync(new FrameworkID { Value = "first" }, CancellationToken.None);
                await store.SaveAsync(new FrameworkID { Value = "second" }, CancellationToken.None);
            }

            using var reopened = new SqliteDatabase(file, "");
            var again = new SqliteFrameworkIdStore(reopened);
            Assert.That((await again.LoadAsync(CancellationToken.None))?.Value, Is.EqualTo("second"));
            await again.ClearAsync(CancellationToken.None);
            Assert.That(await again.LoadAsync(CancellationToken.None), Is.Null);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
