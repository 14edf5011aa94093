using Microsoft.AspNetCore.Http;

namespace Scheduler.Master.WebUi;

/// <summary>
/// The operator's web page at <c>/</c>: one static HTML file, embedded in the assembly. Its script follows the
/// operator event stream (<c>SUBSCRIBE</c> on <c>/api/v1</c>), polls <c>/master/state</c> for totals, and reads task
/// sandboxes from the agents' <c>/files/read</c> through the master (<see cref="SandboxFilesProxy"/>); on a standby it moves to the leader through <c>/master/redirect</c>.
/// </summary>
public static class WebUiPage
{
    public const string ResourceName = "Scheduler.Master.WebUi.index.html";

    private static readonly Lazy<byte[]> Html = new(() =>
    {
        using var stream = typeof(WebUiPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The web UI resource {ResourceName} is missing from the assembly");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });

    public static async Task HandleAsync(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(Html.Value, context.RequestAborted);
    }
}
