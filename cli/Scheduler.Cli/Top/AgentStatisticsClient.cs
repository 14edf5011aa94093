using System.Text.Json.Nodes;
using Scheduler.Cli.Commands;

namespace Scheduler.Cli.Top;

/// <summary>Reads <c>/monitor/statistics</c> from every active agent of a master's state, all at once.</summary>
public sealed class AgentStatisticsClient : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public AgentStatisticsClient() => CliCredentials.Current.Apply(_http);

    /// <summary>The samples of every agent that answered, and how many did not.</summary>
    public async Task<(List<TaskUsageSample> Samples, int Unanswered)> ReadAsync(JsonObject state, CancellationToken cancel)
    {
        var agents = state["slaves"]?.AsArray().OfType<JsonObject>().Where(a => a["active"]?.GetValue<bool>() ?? false).ToList() ?? [];
        var readings = await Task.WhenAll(agents.Select(agent => ReadAgentAsync(agent, cancel)));
        return (readings.Where(r => r is not null).SelectMany(r => r!).ToList(), readings.Count(r => r is null));
    }

    private async Task<List<TaskUsageSample>?> ReadAgentAsync(JsonObject agent, CancellationToken cancel)
    {
        var id = agent["id"]?.ToString() ?? "";
        var address = new UriBuilder("http", agent["hostname"]?.ToString() ?? "127.0.0.1", agent["port"]?.GetValue<int>() ?? 5051, "monitor/statistics").Uri;
        try
        {
            var body = JsonNode.Parse(await _http.GetStringAsync(address, cancel));
            return body?.AsArray().OfType<JsonObject>().Select(entry => TaskUsageSample.FromJson(id, entry)).ToList() ?? [];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
