using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Scheduler.Security.Limits;

namespace Scheduler.Framework.Hosting;

/// <summary>
/// Reads a spec file (YAML or JSON) from a request's body, refusing with 413 one over its limit however it is sent:
/// a declared Content-Length over the limit is refused unread, and a chunked body is read no further than one byte
/// past the limit; Kestrel is then told twice the limit (it counts the chunks' framing as body bytes), so that it
/// stops draining a refused chunked body there.
/// The file's name for error messages comes from a header, else a default.
/// </summary>
/// <param name="description">What the file is, in the 413 message: "the job file is larger than 4 MiB".</param>
public sealed class SpecFileReader(string description, long maxBytes, string nameHeader, string defaultName)
{
    /// <summary>The file's text and name, or the 413 answer (and no text) when the body is over the limit.</summary>
    public async Task<(string Source, string Name, IResult? Refusal)> ReadAsync(HttpContext context)
    {
        LimitServerBody(context);
        var name = context.Request.Headers[nameHeader].FirstOrDefault() is { Length: > 0 } file ? Path.GetFileName(file) : defaultName;
        byte[]? body;
        try
        {
            body = await RequestBody.ReadAsync(context.Request.Body, context.Request.ContentLength, maxBytes, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }
        if (body is null) return ("", name, TooLarge());
        using var reader = new StreamReader(new MemoryStream(body));
        return (await reader.ReadToEndAsync(context.RequestAborted), name, null);
    }

    private IResult TooLarge() =>
        JsonAnswers.Error(StatusCodes.Status413PayloadTooLarge, [$"the {description} is larger than {FormatSize(maxBytes)}"]);

    private void LimitServerBody(HttpContext context)
    {
        if (context.Request.ContentLength is not null) return;
        var serverLimit = 2 * maxBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit && (limit.MaxRequestBodySize is null || limit.MaxRequestBodySize > serverLimit))
            limit.MaxRequestBodySize = serverLimit;
    }

    private static string FormatSize(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";
}
