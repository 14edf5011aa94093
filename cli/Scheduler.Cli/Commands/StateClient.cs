using System.Net;
using System.Text.Json.Nodes;

namespace Scheduler.Cli.Commands;

/// <summary>Reads the master's <c>/master/state</c>, with the CLI's credentials, following a standby's redirect to the leader.</summary>
public static class StateClient
{
    private const int MaxRedirects = 5;

    public static async Task<JsonObject> GetAsync(Uri master, CancellationToken cancel)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        var address = new Uri(master, "master/state");
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            CliCredentials.Current.Apply(request);
            using var response = await http.SendAsync(request, cancel);
            if (response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.Found
                && response.Headers.Location is { } location && redirects < MaxRedirects)
            {
                address = new Uri(address, location);
                continue;
            }
            await CliCredentials.ThrowIfUnauthorizedAsync(response, cancel);
            response.EnsureSuccessStatusCode();
            var text = await response.Content.ReadAsStringAsync(cancel);
            return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("empty state");
        }
    }
}
