using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Cli.Commands;

namespace Scheduler.Cli.Apps;

/// <summary>
/// Talks to the services framework's API (Marathon's <c>/v2</c>), found through the master's <c>/master/state</c>: the
/// active framework named "services" and its <c>webui_url</c>.
/// </summary>
public sealed class ServicesClient : IDisposable
{
    public const string FrameworkName = "services";
    private readonly HttpClient http;

    private ServicesClient(Uri api) => http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };

    public Uri Address => http.BaseAddress!;

    public static async Task<ServicesClient> FindAsync(Uri master, CancellationToken cancel)
    {
        JsonObject state;
        try { state = await StateClient.GetAsync(master, cancel); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { throw new ServicesClientException($"cannot reach the master at {master}: {e.Message}"); }
        var api = state["frameworks"]?.AsArray().OfType<JsonObject>()
            .Where(framework => framework["name"]?.ToString() == FrameworkName && framework["active"]?.GetValue<bool>() == true)
            .OrderByDescending(framework => framework["connected"]?.GetValue<bool>() == true)
            .ThenByDescending(framework => framework["registered_time"]?.GetValue<double>() ?? 0)
            .Select(framework => framework["webui_url"]?.ToString())
            .FirstOrDefault(url => !string.IsNullOrEmpty(url));
        if (api is null || !Uri.TryCreate(api, UriKind.Absolute, out var uri))
            throw new ServicesClientException(
                $"no services framework is running on the cluster at {master}: start one with 'sched framework services --master {master.Authority}' (or 'sched dev')");
        return new ServicesClient(uri);
    }

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

    public void Dispose() => http.Dispose();

    private static string AppPath(string id) => $"v2/apps/{Uri.EscapeDataString(id.TrimStart('/'))}";

    private async Task<JsonObject> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        using (request)
        {
            HttpResponseMessage response;
            try { response = await http.SendAsync(request, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                throw new ServicesClientException($"cannot reach the services framework at {Address}: {e.Message}");
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancel);
                var body = (string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text)) as JsonObject;
                if (!response.IsSuccessStatusCode)
                    throw new ServicesClientException(body?["message"]?.ToString() ?? $"the services framework answered {(int)response.StatusCode} {response.ReasonPhrase}");
                return body ?? [];
            }
        }
    }
}
