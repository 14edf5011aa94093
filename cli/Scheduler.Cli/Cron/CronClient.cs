using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Cli.Frameworks;

namespace Scheduler.Cli.Cron;

/// <summary>
/// Talks to the cron framework's API, found through the master's <c>/master/state</c>: the active framework named
/// "cron" and its <c>webui_url</c>.
/// </summary>
public sealed class CronClient : IDisposable
{
    public const string FrameworkName = "cron";
    private readonly FrameworkApi _api;

    private CronClient(FrameworkApi api) => _api = api;

    public Uri Address => _api.Address;

    public static async Task<CronClient> FindAsync(Uri master, CancellationToken cancel) =>
        new(await FrameworkApi.FindAsync(master, FrameworkName, cancel));

    /// <summary>Adds or replaces a cron job; the answer is its summary with <c>replaced</c>.</summary>
    public Task<JsonObject> PutAsync(string source, string fileName, CancellationToken cancel)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/cron") { Content = new StringContent(source, Encoding.UTF8, "application/yaml") };
        request.Headers.Add("X-Job-File", fileName);
        return SendAsync(request, cancel);
    }

    public Task<JsonObject> JobAsync(string name, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"v1/cron/{Uri.EscapeDataString(name)}"), cancel);

    public async Task<JsonArray> JobsAsync(CancellationToken cancel) =>
        (await SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/cron"), cancel))["cron_jobs"]!.AsArray();

    public Task<JsonObject> RemoveAsync(string name, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"v1/cron/{Uri.EscapeDataString(name)}"), cancel);

    public void Dispose() => _api.Dispose();

    private Task<JsonObject> SendAsync(HttpRequestMessage request, CancellationToken cancel) => _api.SendAsync(request, cancel);
}
