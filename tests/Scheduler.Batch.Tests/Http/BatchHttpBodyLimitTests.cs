using System.Net;
using System.Text;
using Scheduler.Batch.Http;
using Scheduler.Batch.Jobs;
using Scheduler.Batch.Storage;
using Scheduler.Testing.Http;

namespace Scheduler.Batch.Tests.Http;

/// <summary>
/// The batch API on real Kestrel refuses a job file over 4 MiB with 413 however it is sent, chunked included, and
/// takes one of exactly 4 MiB.
/// </summary>
[TestFixture]
public sealed class BatchHttpBodyLimitTests
{
    private const int Limit = 4 * 1024 * 1024;
    private IAsyncDisposable server = null!;
    private HttpClient http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        var store = new SqliteJobStore(":memory:");
        var host = await BatchHttpServer.StartAsync(new BatchScheduler(new JobBook(store, TimeProvider.System)), IPAddress.Loopback, 0);
        server = host.Then(store);
        http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    [Test]
    public async Task A_chunked_job_file_one_byte_over_the_limit_is_413()
    {
        using var content = new ChunkedContent(JobFile(Limit + 1), "application/yaml");

        using var response = await http.PostAsync("v1/jobs", content);

        Assert.That(content.Headers.ContentLength, Is.Null, "sent without a Content-Length");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("the job file is larger than 4 MiB"));
    }

    [Test]
    public async Task A_chunked_job_file_of_exactly_the_limit_is_taken()
    {
        using var content = new ChunkedContent(JobFile(Limit), "application/yaml");

        using var response = await http.PostAsync("v1/jobs", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_job_file_declared_over_the_limit_is_413_as_before()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = new ByteArrayContent(JobFile(Limit + 1)) };
        // The answer comes before the body is sent, so the client cannot be cut off while still sending.
        request.Headers.ExpectContinue = true;

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("the job file is larger than 4 MiB"));
    }

    /// <summary>A valid job file padded with a comment to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] JobFile(int size)
    {
        const string job = "name: big\ncommand: echo hi\n#";
        return Encoding.ASCII.GetBytes(job + new string('x', size - job.Length));
    }
}
