using System.Net;
using System.Text.Json.Nodes;
using Scheduler.Cli.Commands;

namespace Scheduler.Cli.Frameworks;

/// <summary>
/// The HTTP API of one of the frameworks we ship (batch, cron, services), found through the master's
/// <c>/master/state</c>: the active framework of that name, the connected and newest first, and its <c>webui_url</c>.
/// </summary>
public sealed class FrameworkApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _name;

    private FrameworkApi(string name, Uri api)
    {
        _name = name;
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        CliCredentials.Current.Apply(_http);
    }

    public Uri Address => _http.BaseAddress!;

    public static async Task<FrameworkApi> FindAsync(Uri master, string name, CancellationToken cancel)
    {
        JsonObject state;
        try { state = await StateClient.GetAsync(master, cancel); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { throw new FrameworkApiException($"cannot reach the master at {master}: {e.Message}"); }
        var api = state["frameworks"]?.AsArray().OfType<JsonObject>()
            .Where(framework => framework["name"]?.ToString() == name && framework["active"]?.GetValue<bool>() == true)
            .OrderByDescending(framework => framework["connected"]?.GetValue<bool>() == true)
            .ThenByDescending(framework => framework["registered_time"]?.GetValue<double>() ?? 0)
            .Select(framework => framework["webui_url"]?.ToString())
            .FirstOrDefault(url => !string.IsNullOrEmpty(url));
        if (api is null || !Uri.TryCreate(api, UriKind.Absolute, out var uri))
            throw new FrameworkApiException(
                $"no {name} framework is running on the cluster at {master}: start one with 'sched framework {name} --master {master.Authority}' (or 'sched dev')");
        return new FrameworkApi(name, uri);
    }

    /// <summary>Sends the request and answers the JSON body; an unreachable framework or an error answer throws with its message.</summary>
    public async Task<JsonObject> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        using (request)
        {
            HttpResponseMessage response;
            try { response = await _http.SendAsync(request, cancel); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                throw new FrameworkApiException($"cannot reach the {_name} framework at {Address}: {e.Message}");
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancel);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                    throw new FrameworkApiException($"the {_name} framework at {Address}: {CliCredentials.Unauthorized(text.Trim())}");
                var body = (string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text)) as JsonObject;
                if (!response.IsSuccessStatusCode)
                    throw new FrameworkApiException(body?["message"]?.ToString() ?? $"the {_name} framework answered {(int)response.StatusCode} {response.ReasonPhrase}");
                return body ?? [];
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
