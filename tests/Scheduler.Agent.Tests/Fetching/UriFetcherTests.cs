using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Scheduler.Agent.Fetching;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Agent.Tests.Fetching;

/// <summary>The fetcher against a real HTTP server on loopback and real files: downloads, modes, archives, the cache and failures.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class UriFetcherTests
{
    private TestFileServer _server = null!;
    private string _root = "";
    private string _sandbox = "";
    private UriFetcher _fetcher = null!;

    [SetUp]
    public async Task Start()
    {
        _server = await TestFileServer.StartAsync();
        _root = Directory.CreateTempSubdirectory("fetcher-tests-").FullName;
        _sandbox = Path.Combine(_root, "sandbox");
        _fetcher = Fetcher(TimeSpan.FromSeconds(10));
    }

    [TearDown]
    public async Task Stop()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task An_http_uri_lands_in_the_sandbox_under_its_basename_with_a_line_in_stderr()
    {
        _server.Serve("/files/hello.txt", Encoding.UTF8.GetBytes("hello\n"));

        await _fetcher.FetchAllAsync([Uri(_server.Url("/files/hello.txt"))], _sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InSandbox("hello.txt")), Is.EqualTo("hello\n"));
            Assert.That(File.ReadAllText(InSandbox("stderr")), Does.Contain($"Fetched '{_server.Url("/files/hello.txt")}' into the sandbox as 'hello.txt'"));
        });
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task An_executable_uri_gets_mode_0755_and_is_not_extracted()
    {
        _server.Serve("/tool.tar.gz", TestArchives.TarGzip(("inside.txt", "x")));

        await _fetcher.FetchAllAsync([Uri(_server.Url("/tool.tar.gz"), executable: true)], _sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(InSandbox("tool.tar.gz")), Is.EqualTo(UriFetcher.ExecutableMode));
            Assert.That(File.Exists(InSandbox("inside.txt")), Is.False);
        });
    }

    [Test]
    public async Task A_tar_gz_is_extracted_into_the_sandbox_and_kept()
    {
        _server.Serve("/app.tar.gz", TestArchives.TarGzip(("app/run.sh", "echo run"), ("README", "read me")));

        await _fetcher.FetchAllAsync([Uri(_server.Url("/app.tar.gz"))], _sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InSandbox("app/run.sh")), Is.EqualTo("echo run"));
            Assert.That(File.ReadAllText(InSandbox("README")), Is.EqualTo("read me"));
            Assert.That(File.Exists(InSandbox("app.tar.gz")), Is.True);
        });
    }

    [Test]
    public async Task Extract_false_keeps_the_archive_as_it_is()
    {
        _server.Serve("/app.tgz", TestArchives.TarGzip(("a.txt", "a")));

        await _fetcher.FetchAllAsync([Uri(_server.Url("/app.tgz"), extract: false)], _sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(InSandbox("app.tgz")), Is.True);
            Assert.That(File.Exists(InSandbox("a.txt")), Is.False);
        });
    }

    [Test]
    public async Task A_zip_is_extracted_into_the_sandbox()
    {
        _server.Serve("/bundle.zip", TestArchives.Zip(("conf/app.conf", "port=8080"), ("data.txt", "42")));

        await _fetcher.FetchAllAsync([Uri(_server.Url("/bundle.zip"))], _sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InSandbox("conf/app.conf")), Is.EqualTo("port=8080"));
            Assert.That(File.ReadAllText(InSandbox("data.txt")), Is.EqualTo("42"));
        });
    }

    [Test]
    public async Task A_tar_bz2_and_a_plain_tar_from_local_paths_are_extracted()
    {
        var bzip2 = Path.Combine(_root, "one.tar.bz2");
        var tar = Path.Combine(_root, "two.tar");
        await File.WriteAllBytesAsync(bzip2, TestArchives.TarBzip2(("one.txt", "1")));
        await File.WriteAllBytesAsync(tar, TestArchives.Tar(("two.txt", "2")));

        await _fetcher.FetchAllAsync([Uri("file://" + bzip2), Uri(tar)], _sandbox);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InSandbox("one.txt")), Is.EqualTo("1"));
            Assert.That(File.ReadAllText(InSandbox("two.txt")), Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task Output_file_names_the_file_inside_the_sandbox()
    {
        _server.Serve("/download", Encoding.UTF8.GetBytes("data"));

        await _fetcher.FetchAllAsync([Uri(_server.Url("/download"), outputFile: "conf/settings.json")], _sandbox);

        Assert.That(File.ReadAllText(InSandbox("conf/settings.json")), Is.EqualTo("data"));
    }

    [Test]
    public void An_output_file_that_climbs_out_of_the_sandbox_is_rejected()
    {
        _server.Serve("/x", Encoding.UTF8.GetBytes("x"));

        var error = Assert.ThrowsAsync<FetchFailedException>(() =>
            _fetcher.FetchAllAsync([Uri(_server.Url("/x"), outputFile: "../escaped")], _sandbox));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith($"Failed to fetch '{_server.Url("/x")}': output_file '../escaped' would leave the sandbox"));
            Assert.That(File.Exists(Path.Combine(_root, "escaped")), Is.False);
            Assert.That(_server.RequestsFor("/x"), Is.Zero);
        });
    }

    [TestCase("evil.tar.gz")]
    [TestCase("evil.zip")]
    public void An_archive_entry_that_climbs_out_of_the_sandbox_fails_the_fetch(string name)
    {
        var content = name.EndsWith(".zip") ? TestArchives.Zip(("../evil.txt", "gotcha")) : TestArchives.TarGzip(("../evil.txt", "gotcha"));
        _server.Serve("/" + name, content);

        var error = Assert.ThrowsAsync<FetchFailedException>(() => _fetcher.FetchAllAsync([Uri(_server.Url("/" + name))], _sandbox));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Cause, Is.EqualTo($"cannot extract '{name}': archive entry '../evil.txt' would leave the sandbox"));
            Assert.That(File.Exists(Path.Combine(_root, "evil.txt")), Is.False);
        });
    }

    [Test]
    public void A_symbolic_link_out_of_the_sandbox_fails_the_fetch()
    {
        _server.Serve("/link.tar", TestArchives.TarWithSymlink("etc", "/etc"));

        var error = Assert.ThrowsAsync<FetchFailedException>(() => _fetcher.FetchAllAsync([Uri(_server.Url("/link.tar"))], _sandbox));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Cause, Does.Contain("the link 'etc' points to '/etc'"));
            Assert.That(new FileInfo(InSandbox("etc")).LinkTarget, Is.Null);
        });
    }

    [Test]
    public void A_damaged_archive_fails_the_fetch()
    {
        _server.Serve("/broken.tar.gz", Encoding.UTF8.GetBytes("this is not gzip"));

        var error = Assert.ThrowsAsync<FetchFailedException>(() => _fetcher.FetchAllAsync([Uri(_server.Url("/broken.tar.gz"))], _sandbox));

        Assert.That(error!.Cause, Does.StartWith("cannot extract 'broken.tar.gz': "));
    }

    [Test]
    public async Task A_cached_uri_is_downloaded_once_for_two_sandboxes()
    {
        _server.Serve("/shared.tar.gz", TestArchives.TarGzip(("lib.txt", "shared")));
        var uri = Uri(_server.Url("/shared.tar.gz"), cache: true);
        var second = Path.Combine(_root, "second-sandbox");

        await _fetcher.FetchAllAsync([uri], _sandbox);
        await _fetcher.FetchAllAsync([uri], second);

        Assert.Multiple(() =>
        {
            Assert.That(_server.RequestsFor("/shared.tar.gz"), Is.EqualTo(1));
            Assert.That(File.ReadAllText(InSandbox("lib.txt")), Is.EqualTo("shared"));
            Assert.That(File.ReadAllText(Path.Combine(second, "lib.txt")), Is.EqualTo("shared"));
            Assert.That(File.ReadAllText(Path.Combine(second, "stderr")), Does.Contain("from the fetch cache"));
        });
    }

    [Test]
    public async Task Concurrent_fetches_of_one_cached_uri_download_it_once()
    {
        _server.Serve("/big.bin", new byte[1 << 20]);
        var uri = Uri(_server.Url("/big.bin"), cache: true);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => _fetcher.FetchAllAsync([uri], Path.Combine(_root, $"sandbox-{i}"))));

        Assert.Multiple(() =>
        {
            Assert.That(_server.RequestsFor("/big.bin"), Is.EqualTo(1));
            Assert.That(Enumerable.Range(0, 4).Select(i => new FileInfo(Path.Combine(_root, $"sandbox-{i}", "big.bin")).Length), Is.All.EqualTo(1 << 20));
        });
    }

    [Test]
    public void A_404_fails_with_the_status()
    {
        var url = _server.Url("/missing.tar.gz");

        var error = Assert.ThrowsAsync<FetchFailedException>(() => _fetcher.FetchAllAsync([Uri(url)], _sandbox));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo($"Failed to fetch '{url}': the server answered HTTP 404 Not Found"));
            Assert.That(File.ReadAllText(InSandbox("stderr")), Does.Contain(error.Message));
        });
    }

    [Test]
    public void A_refused_connection_fails_with_connection_refused()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/x.tar.gz";

        var error = Assert.ThrowsAsync<FetchFailedException>(() => _fetcher.FetchAllAsync([Uri(url)], _sandbox));

        Assert.That(error!.Message, Is.EqualTo($"Failed to fetch '{url}': Connection refused"));
    }

    [Test]
    public void A_server_that_never_answers_fails_after_the_timeout()
    {
        var fetcher = Fetcher(TimeSpan.FromMilliseconds(200));

        var error = Assert.ThrowsAsync<FetchFailedException>(() =>
            fetcher.FetchAllAsync([Uri(_server.Url(TestFileServer.HangingPath))], _sandbox));

        Assert.That(error!.Cause, Is.EqualTo("timed out after 200 ms"));
    }

    [Test]
    public void A_missing_local_file_fails_naming_it()
    {
        var missing = Path.Combine(_root, "nowhere.sh");

        var error = Assert.ThrowsAsync<FetchFailedException>(() => _fetcher.FetchAllAsync([Uri("file://" + missing)], _sandbox));

        Assert.That(error!.Cause, Is.EqualTo($"no such file '{missing}'"));
    }

    [TestCase("ftp://example.org/x", "'ftp' URIs are not supported (http, https, file and absolute paths are)")]
    [TestCase("relative/x.sh", "a relative path is not supported; give an absolute path or a file:// URI")]
    public void A_uri_the_fetcher_cannot_read_fails_clearly(string value, string cause)
    {
        var error = Assert.ThrowsAsync<FetchFailedException>(() => _fetcher.FetchAllAsync([Uri(value)], _sandbox));

        Assert.That(error!.Cause, Is.EqualTo(cause));
    }

    private UriFetcher Fetcher(TimeSpan timeout) =>
        new(FetchCache.InWorkDirectory(Path.Combine(_root, "work"), FetchCache.DefaultCapacityBytes), timeout);

    private string InSandbox(string relative) => Path.Combine(_sandbox, relative);

    private static CommandInfo.Types.URI Uri(string value, bool executable = false, bool extract = true, bool cache = false, string? outputFile = null)
    {
        var uri = new CommandInfo.Types.URI { Value = value, Executable = executable, Extract = extract, Cache = cache };
        if (outputFile is not null) uri.OutputFile = outputFile;
        return uri;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
