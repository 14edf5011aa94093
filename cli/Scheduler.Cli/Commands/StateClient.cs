using System.Text.Json.Nodes;

namespace Scheduler.Cli.Commands;

/// <summary>Reads the master's <c>/master/state</c>.</summary>
public static class StateClient
{
    public static async Task<JsonObject> GetAsync(Uri master, CancellationToken cancel)
    {
        using var http = new HttpClient { BaseAddress = master, Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync("master/state", cancel);
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("empty state");
    }
}
