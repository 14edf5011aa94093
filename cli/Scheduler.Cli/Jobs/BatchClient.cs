using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Cli.Frameworks;

namespace Scheduler.Cli.Jobs;

/// <summary>
/// Talks to the batch framework's API, found through the master's <c>/master/state</c>: the connected framework
/// named "batch" and its <c>webui_url</c>.
/// </summary>
public sealed class BatchClient : IDisposable
{
    public const string FrameworkName = "batch";
    private readonly FrameworkApi _api;

    private BatchClient(FrameworkApi api) => _api = api;

    public Uri Address => _api.Address;

    public static async Task<BatchClient> FindAsync(Uri master, CancellationToken cancel) =>
        new(await FrameworkApi.FindAsync(master, FrameworkName, cancel));

    public async Task<string> SubmitAsync(string source, string fileName, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = new StringContent(source, Encoding.UTF8, "application/yaml") };
        request.Headers.Add("X-Job-File", fileName);
        var body = await SendAsync(request, cancel);
        return body["id"]!.ToString();
    }

    public Task<JsonObject> JobAsync(string id, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, $"v1/jobs/{Uri.EscapeDataString(id)}"), cancel);

    public async Task<JsonArray> JobsAsync(CancellationToken cancel) =>
        (await SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/jobs"), cancel))["jobs"]!.AsArray();

    public Task<JsonObject> KillAsync(string id, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"v1/jobs/{Uri.EscapeDataString(id)}"), cancel);

    public void Dispose() => _api.Dispose();

    private Task<JsonObject> SendAsync(HttpRequestMessage request, CancellationToken cancel) => _api.SendAsync(request, cancel);
}
