using System.Text;
using Scheduler.Agent.Fetching;
using Scheduler.Agent.Tests.StatusUpdates;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Fetching;

/// <summary>The fetch cache on a real directory with a fake clock: hits, and least-recently-used eviction beyond its capacity.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class FetchCacheTests
{
    private readonly FakeClock _clock = new();
    private string _directory = "";
    private int _downloads;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("fetch-cache-tests-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_second_open_of_a_uri_is_a_hit_without_a_download()
    {
        var cache = new FetchCache(_directory, 100, _clock);

        var first = await Open(cache, "http://host/a", "aaaa");
        var second = await Open(cache, "http://host/a", "other");

        Assert.Multiple(() =>
        {
            Assert.That((first.Text, first.WasCached), Is.EqualTo(("aaaa", false)));
            Assert.That((second.Text, second.WasCached), Is.EqualTo(("aaaa", true)));
            Assert.That(_downloads, Is.EqualTo(1));
            Assert.That(File.Exists(Path.Combine(_directory, FetchCache.KeyOf("http://host/a"))), Is.True);
        });
    }

    [Test]
    public async Task Beyond_its_capacity_the_least_recently_used_uri_is_evicted()
    {
        var cache = new FetchCache(_directory, 10, _clock);
        await Open(cache, "http://host/a", "aaaa");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Open(cache, "http://host/b", "bbbb");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Open(cache, "http://host/a", "");
        _clock.Advance(TimeSpan.FromMinutes(1));

        await Open(cache, "http://host/c", "cccc");

        Assert.Multiple(() =>
        {
            Assert.That(cache.Contains("http://host/a"), Is.True);
            Assert.That(cache.Contains("http://host/b"), Is.False);
            Assert.That(cache.Contains("http://host/c"), Is.True);
            Assert.That(cache.SizeBytes, Is.EqualTo(8));
        });
    }

    [Test]
    public async Task A_file_larger_than_the_cache_is_used_but_not_kept()
    {
        var cache = new FetchCache(_directory, 3, _clock);

        var opened = await Open(cache, "http://host/big", "too big");

        Assert.Multiple(() =>
        {
            Assert.That(opened.Text, Is.EqualTo("too big"));
            Assert.That(cache.Contains("http://host/big"), Is.False);
            Assert.That(cache.SizeBytes, Is.Zero);
        });
    }

    [Test]
    public void A_failed_download_leaves_nothing_in_the_cache()
    {
        var cache = new FetchCache(_directory, 100, _clock);

        Assert.ThrowsAsync<IOException>(() => cache.OpenAsync("http://host/a", async (path, _) =>
        {
            await File.WriteAllTextAsync(path, "half");
            throw new IOException("connection reset");
        }));

        Assert.That(Directory.EnumerateFileSystemEntries(_directory), Is.Empty);
    }

    private async Task<(string Text, bool WasCached)> Open(FetchCache cache, string uri, string content)
    {
        var (stream, wasCached) = await cache.OpenAsync(uri, async (path, token) =>
        {
            _downloads++;
            await File.WriteAllTextAsync(path, content, token);
        });
        await using (stream)
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return (await reader.ReadToEndAsync(), wasCached);
        }
    }
}
