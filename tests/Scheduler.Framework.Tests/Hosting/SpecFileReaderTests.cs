using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Scheduler.Framework.Hosting;
using Scheduler.Testing.Http;
using static Scheduler.Framework.Tests.Fixtures.ResultExecution;

namespace Scheduler.Framework.Tests.Hosting;

[TestFixture]
public sealed class SpecFileReaderTests
{
    private const int Limit = 4 * 1024 * 1024;
    private readonly SpecFileReader reader = new("job file", Limit, "X-Job-File", "job");

    private static DefaultHttpContext Request(string body, long? declaredLength = null, string? fileName = null, bool chunked = false)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new CountingStream(bytes);
        context.Request.ContentLength = chunked ? null : declaredLength ?? bytes.Length;
        if (fileName is not null) context.Request.Headers["X-Job-File"] = fileName;
        return context;
    }

    private static async Task AssertTooLargeAsync(IResult? refusal)
    {
        Assert.That(refusal, Is.Not.Null);
        var (status, _, body) = await ExecuteAsync(refusal!);
        Assert.That(status, Is.EqualTo(413));
        Assert.That(body, Does.Contain("\"message\":\"the job file is larger than 4 MiB\""));
    }

    [Test]
    public async Task A_body_declared_over_the_limit_is_refused_with_413_naming_the_limit_without_being_read()
    {
        var context = Request("name: x", declaredLength: Limit + 1);

        var (_, _, refusal) = await reader.ReadAsync(context);

        await AssertTooLargeAsync(refusal);
        Assert.That(((CountingStream)context.Request.Body).BytesRead, Is.Zero);
    }

    [Test]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413_after_reading_one_byte_past_the_limit()
    {
        var context = Request("#" + new string('x', 2 * Limit), chunked: true);

        var (source, _, refusal) = await reader.ReadAsync(context);

        await AssertTooLargeAsync(refusal);
        Assert.That(source, Is.Empty);
        Assert.That(((CountingStream)context.Request.Body).BytesRead, Is.EqualTo(Limit + 1));
    }

    [Test]
    public async Task A_chunked_body_at_the_limit_is_read_whole()
    {
        var body = "name: x\n#" + new string('x', Limit - 9);

        var (source, name, refusal) = await reader.ReadAsync(Request(body, chunked: true));

        Assert.That(refusal, Is.Null);
        Assert.That(source, Is.EqualTo(body));
        Assert.That(name, Is.EqualTo("job"));
    }

    [Test]
    public async Task A_body_the_server_refuses_while_it_is_read_is_answered_with_the_same_413()
    {
        var context = Request("name: x", chunked: true);
        context.Request.Body = new RefusingStream();

        var (_, _, refusal) = await reader.ReadAsync(context);

        await AssertTooLargeAsync(refusal);
    }

    [TestCase(true, 30_000_000, 2 * Limit)]
    [TestCase(true, null, 2 * Limit)]
    [TestCase(true, 1024, 1024)]
    [TestCase(false, 30_000_000, 30_000_000)]
    public async Task For_a_chunked_body_the_server_is_told_twice_the_limit_unless_its_own_is_lower(bool chunked, long? serverLimit, long? told)
    {
        var context = Request("name: x", chunked: chunked);
        var limit = new ServerBodyLimit { MaxRequestBodySize = serverLimit };
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(limit);

        await reader.ReadAsync(context);

        Assert.That(limit.MaxRequestBodySize, Is.EqualTo(told));
    }

    [Test]
    public async Task The_file_is_named_by_its_header_without_its_directories_else_by_the_default()
    {
        Assert.That(await reader.ReadAsync(Request("name: x", fileName: "/home/ops/nightly.yaml")), Is.EqualTo(("name: x", "nightly.yaml", (IResult?)null)));
        Assert.That(await reader.ReadAsync(Request("name: y")), Is.EqualTo(("name: y", "job", (IResult?)null)));
    }

    private sealed class RefusingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
    }

    private sealed class ServerBodyLimit : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }
}
