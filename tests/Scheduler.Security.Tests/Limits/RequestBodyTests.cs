using Microsoft.AspNetCore.Http.Features;
using Scheduler.Security.Limits;
using Scheduler.Testing.Http;

namespace Scheduler.Security.Tests.Limits;

[TestFixture]
public sealed class RequestBodyTests
{
    private const int Limit = 100_000;

    [Test]
    public async Task A_body_of_no_declared_length_over_the_limit_is_refused_after_one_byte_past_it()
    {
        var body = new CountingStream(new byte[3 * Limit]);

        Assert.That(await RequestBody.ReadAsync(body, null, Limit, CancellationToken.None), Is.Null);
        Assert.That(body.BytesRead, Is.EqualTo(Limit + 1));
    }

    [Test]
    public async Task A_body_of_exactly_the_limit_is_read_whole()
    {
        Assert.That(await RequestBody.ReadAsync(new CountingStream(new byte[Limit]), null, Limit, CancellationToken.None), Has.Length.EqualTo(Limit));
    }

    [Test]
    public async Task A_body_declared_over_the_limit_is_refused_unread()
    {
        var body = new CountingStream(new byte[10]);

        Assert.That(await RequestBody.ReadAsync(body, Limit + 1, Limit, CancellationToken.None), Is.Null);
        Assert.That(body.BytesRead, Is.Zero);
    }

    [TestCase(null, 2L * Limit)]
    [TestCase(10L, (long)Limit)]
    public void Kestrel_gets_twice_the_limit_for_a_chunked_body_only(long? declaredLength, long serverLimit)
    {
        var server = new ServerBodyLimit { MaxRequestBodySize = Limit };

        RequestBody.AllowChunkFraming(server, declaredLength, Limit);

        Assert.That(server.MaxRequestBodySize, Is.EqualTo(serverLimit));
    }

    private sealed class ServerBodyLimit : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }
}
