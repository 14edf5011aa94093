using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Cli.Frameworks;

namespace Scheduler.Cli.Apps;

/// <summary>
/// Talks to the services framework's API (Marathon's <c>/v2</c>), found through the master's <c>/master/state</c>: the
/// active framework named "services" and its <c>webui_url</c>.
/// </summary>
public sealed class ServicesClient : IDisposable
{
    public const string FrameworkName = "services";
    private readonly FrameworkApi _api;

    private ServicesClient(FrameworkApi api) => _api = api;

    public Uri Address => _api.Address;

    public static async Task<ServicesClient> FindAsync(Uri master, CancellationToken cancel) =>
        new(await FrameworkApi.FindAsync(master, FrameworkName, cancel));

    /// <summary>Creates the app or changes it (a new version, or a scaling when only its instances changed).</summary>
    public Task<JsonObject> DeployAsync(string id, string source, string fileName, CancellationToken cancel)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, AppPath(id)) { Content = new StringContent(source, Encoding.UTF8, "application/yaml") };
        request.Headers.Add("X-App-File", fileName);
        return SendAsync(request, cancel);
    }

    public async Task<JsonObject> AppAsync(string id, CancellationToken cancel) =>
        (await SendAsync(new HttpRequestMessage(HttpMethod.Get, AppPath(id)), cancel))["app"]!.AsObject();

    public async Task<JsonArray> AppsAsync(CancellationToken cancel) =>
        (await SendAsync(new HttpRequestMessage(HttpMethod.Get, "v2/apps"), cancel))["apps"]!.AsArray();

    public Task<JsonObject> ScaleAsync(string id, int instances, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, AppPath(id))
        {
            Content = new StringContent(new JsonObject { ["instances"] = instances }.ToJsonString(), Encoding.UTF8, "application/json"),
        }, cancel);

    public Task<JsonObject> RestartAsync(string id, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, AppPath(id) + "/restart"), cancel);

    public Task<JsonObject> RemoveAsync(string id, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, AppPath(id)), cancel);

    public void Dispose() => _api.Dispose();

    private static string AppPath(string id) => $"v2/apps/{Uri.EscapeDataString(id.TrimStart('/'))}";

    private Task<JsonObject> SendAsync(HttpRequestMessage request, CancellationToken cancel) => _api.SendAsync(request, cancel);
}
