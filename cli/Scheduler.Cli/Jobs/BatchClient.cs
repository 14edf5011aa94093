using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Cli.Commands;

namespace Scheduler.Cli.Jobs;

/// <summary>
/// Talks to the batch framework's API, found through the master's <c>/master/state</c>: the connected framework
/// named "batch" and its <c>webui_url</c>.
/// </summary>
public sealed class BatchClient : IDisposable
{
    public const string FrameworkName = "batch";
    private readonly HttpClient http;

    private BatchClient(Uri api) => http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };

    public Uri Address => http.BaseAddress!;

    public static async Task<BatchClient> FindAsync(Uri master, CancellationToken cancel)
    {
        JsonObject state;
        try { state = await StateClient.GetAsync(master, cancel); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { throw new BatchClientException($"cannot reach the master at {master}: {e.Message}"); }
        var api = state["frameworks"]?.AsArray().OfType<JsonObject>()
            .Where(framework => framework["name"]?.ToString() == FrameworkName && framework["active"]?.GetValue<bool>() == true)
            .OrderByDescending(framework => framework["connected"]?.GetValue<bool>() == true)
            .ThenByDescending(framework => framework["registered_time"]?.GetValue<double>() ?? 0)
            .Select(framework => framework["webui_url"]?.ToString())
            .FirstOrDefault(url => !string.IsNullOrEmpty(url));
        if (api is null || !Uri.TryCreate(api, UriKind.Absolute, out var uri))
            throw new BatchClientException(
                $"no batch framework is running on the cluster at {master}: start one with 'sched framework batch --master {master.Authority}' (or 'sched dev')");
        return new BatchClient(uri);
    }

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

    public void Dispose() => http.Dispose();

    private async Task<JsonObject> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        using (request)
        {
            HttpResponseMessage response;
            try { response = await http.SendAsync(request, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                throw new BatchClientException($"cannot reach the batch framework at {Address}: {e.Message}");
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancel);
                var body = (string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text)) as JsonObject;
                if (!response.IsSuccessStatusCode)
                    throw new BatchClientException(body?["message"]?.ToString() ?? $"the batch framework answered {(int)response.StatusCode} {response.ReasonPhrase}");
                return body ?? [];
            }
        }
    }
}
