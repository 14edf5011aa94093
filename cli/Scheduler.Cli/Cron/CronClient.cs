using System.Text;
using System.Text.Json.Nodes;
using Scheduler.Cli.Commands;

namespace Scheduler.Cli.Cron;

/// <summary>
/// Talks to the cron framework's API, found through the master's <c>/master/state</c>: the active framework named
/// "cron" and its <c>webui_url</c>.
/// </summary>
public sealed class CronClient : IDisposable
{
    public const string FrameworkName = "cron";
    private readonly HttpClient http;

    private CronClient(Uri api) => http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };

    public Uri Address => http.BaseAddress!;

    public static async Task<CronClient> FindAsync(Uri master, CancellationToken cancel)
    {
        JsonObject state;
        try { state = await StateClient.GetAsync(master, cancel); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { throw new CronClientException($"cannot reach the master at {master}: {e.Message}"); }
        var api = state["frameworks"]?.AsArray().OfType<JsonObject>()
            .Where(framework => framework["name"]?.ToString() == FrameworkName && framework["active"]?.GetValue<bool>() == true)
            .OrderByDescending(framework => framework["connected"]?.GetValue<bool>() == true)
            .ThenByDescending(framework => framework["registered_time"]?.GetValue<double>() ?? 0)
            .Select(framework => framework["webui_url"]?.ToString())
            .FirstOrDefault(url => !string.IsNullOrEmpty(url));
        if (api is null || !Uri.TryCreate(api, UriKind.Absolute, out var uri))
            throw new CronClientException(
                $"no cron framework is running on the cluster at {master}: start one with 'sched framework cron --master {master.Authority}' (or 'sched dev')");
        return new CronClient(uri);
    }

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

    public void Dispose() => http.Dispose();

    private async Task<JsonObject> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        using (request)
        {
            HttpResponseMessage response;
            try { response = await http.SendAsync(request, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                throw new CronClientException($"cannot reach the cron framework at {Address}: {e.Message}");
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancel);
                var body = (string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text)) as JsonObject;
                if (!response.IsSuccessStatusCode)
                    throw new CronClientException(body?["message"]?.ToString() ?? $"the cron framework answered {(int)response.StatusCode} {response.ReasonPhrase}");
                return body ?? [];
            }
        }
    }
}
