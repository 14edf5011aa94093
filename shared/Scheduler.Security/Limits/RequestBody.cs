using Microsoft.AspNetCore.Http.Features;

namespace Scheduler.Security.Limits;

/// <summary>Reads a request body into memory, refusing one longer than the limit without reading past it.</summary>
public static class RequestBody
{
    /// <summary>
    /// Kestrel counts a chunked body's framing (chunk sizes and line ends) against its body limit, so a chunked body
    /// of exactly the limit would be refused: such a request gets twice the limit from Kestrel, which still stops a
    /// refused body's draining there, and <see cref="ReadAsync"/> keeps the exact limit on the body's bytes.
    /// </summary>
    public static void AllowChunkFraming(IHttpMaxRequestBodySizeFeature? server, long? declaredLength, long maxBytes)
    {
        if (declaredLength is null && server is { IsReadOnly: false }) server.MaxRequestBodySize = 2 * maxBytes;
    }

    /// <summary>The body's bytes, or null once a byte past <paramref name="maxBytes"/> has arrived.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long? declaredLength, long maxBytes, CancellationToken cancel)
    {
        if (declaredLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length)), cancel)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) return null;
        }
        return buffer.ToArray();
    }

    public static string TooLarge(long maxBytes) => $"Request body exceeds {maxBytes} bytes";
}
