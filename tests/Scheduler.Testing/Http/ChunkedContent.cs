using System.Net;
using System.Net.Http.Headers;

namespace Scheduler.Testing.Http;

/// <summary>
/// A request body of no declared length, so HTTP/1.1 sends it with <c>Transfer-Encoding: chunked</c> and no
/// Content-Length, written in pieces as a streaming client would.
/// </summary>
public sealed class ChunkedContent : HttpContent
{
    private const int PieceBytes = 64 * 1024;
    private readonly byte[] bytes;

    public ChunkedContent(byte[] bytes, string mediaType)
    {
        this.bytes = bytes;
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < bytes.Length; offset += PieceBytes)
        {
            await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(PieceBytes, bytes.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
