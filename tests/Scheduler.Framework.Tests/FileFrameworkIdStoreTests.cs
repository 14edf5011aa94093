using Scheduler.Protocol.V1;

namespace Scheduler.Framework.Tests;

[TestFixture]
public class FileFrameworkIdStoreTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("framework-id-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task A_missing_file_means_no_id()
    {
        var store = new FileFrameworkIdStore(Path.Combine(directory, "framework-id"));

        Assert.That(await store.LoadAsync(CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_saved_id_is_loaded_by_a_new_store_on_the_same_file()
    {
        var path = Path.Combine(directory, "state", "framework-id");
        await new FileFrameworkIdStore(path).SaveAsync(new FrameworkID { Value = "m1-0001" }, CancellationToken.None);

        var loaded = await new FileFrameworkIdStore(path).LoadAsync(CancellationToken.None);

        Assert.That(loaded?.Value, Is.EqualTo("m1-0001"));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }), "no temporary file is left behind");
    }

    [Test]
    public async Task Saving_again_replaces_the_id_and_clearing_forgets_it()
    {
        var store = new FileFrameworkIdStore(Path.Combine(directory, "framework-id"));
        await store.SaveAsync(new FrameworkID { Value = "first" }, CancellationToken.None);
        await store.SaveAsync(new FrameworkID { Value = "second" }, CancellationToken.None);
        var replaced = await store.LoadAsync(CancellationToken.None);

        await store.ClearAsync(CancellationToken.None);
        await store.ClearAsync(CancellationToken.None);

        Assert.That(replaced?.Value, Is.EqualTo("second"));
        Assert.That(await store.LoadAsync(CancellationToken.None), Is.Null);
        Assert.That(File.Exists(store.Path), Is.False);
    }

    [Test]
    public async Task An_empty_file_means_no_id_and_an_empty_id_is_not_saved()
    {
        var store = new FileFrameworkIdStore(Path.Combine(directory, "framework-id"));
        await File.WriteAllTextAsync(store.Path, "  \n");

        Assert.That(await store.LoadAsync(CancellationToken.None), Is.Null);
        Assert.That(() => store.SaveAsync(new FrameworkID { Value = "" }, CancellationToken.None), Throws.ArgumentException);
    }
}
