using Microsoft.AspNetCore.Http;

namespace Scheduler.Framework.Hosting;

/// <summary>
/// Reads a spec file (YAML or JSON) from a request's body, refusing with 413 one that declares more than its limit;
/// the file's name for error messages comes from a header, else a default.
/// </summary>
/// <param name="description">What the file is, in the 413 message: "the job file is larger than 4 MiB".</param>
public sealed class SpecFileReader(string description, long maxBytes, string nameHeader, string defaultName)
{
    /// <summary>The 413 answer when the request declares a body over the limit, else null.</summary>
    public IResult? Refuse(HttpRequest request) =>
        request.ContentLength > maxBytes
            ? JsonAnswers.Error(StatusCodes.Status413PayloadTooLarge, [$"the {description} is larger than {FormatSize(maxBytes)}"])
            : null;

    public async Task<(string Source, string Name)> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var source = await reader.ReadToEndAsync(context.RequestAborted);
        var name = context.Request.Headers[nameHeader].FirstOrDefault() is { Length: > 0 } file ? Path.GetFileName(file) : defaultName;
        return (source, name);
    }

    private static string FormatSize(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";
}
