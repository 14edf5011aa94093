using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Scheduler.Cli.Commands;

namespace Scheduler.Cli.Run;

/// <summary>
/// Follows a sandbox file through the agent's <c>/files/read</c> endpoint and copies what appears to a writer,
/// until told to drain and stop. An agent that refuses the credentials (401) ends it with an
/// <see cref="HttpRequestException"/> saying how to pass them; other failures are retried.
/// </summary>
public sealed class TaskOutputFollower(HttpClient http, Uri agent, string path, TextWriter output)
{
    private const int ChunkLength = 64 * 1024;
    private long _offset;

    public async Task FollowAsync(CancellationToken finish)
    {
        while (!finish.IsCancellationRequested)
        {
            var read = await ReadOnceAsync(CancellationToken.None);
            if (read == 0)
            {
                try { await Task.Delay(TimeSpan.FromMilliseconds(200), finish); }
                catch (OperationCanceledException) { break; }
            }
        }
        while (await ReadOnceAsync(CancellationToken.None) > 0) { }
        await output.FlushAsync();
    }

    private async Task<int> ReadOnceAsync(CancellationToken cancel)
    {
        try
        {
            var url = new Uri(agent, $"files/read?path={Uri.EscapeDataString(path)}&offset={_offset}&length={ChunkLength}");
            using var response = await http.GetAsync(url, cancel);
            await CliCredentials.ThrowIfUnauthorizedAsync(response, cancel);
            if (!response.IsSuccessStatusCode) return 0;
            var json = await response.Content.ReadFromJsonAsync<JsonObject>(cancel);
            var data = json?["data"]?.GetValue<string>() ?? "";
            if (data.Length == 0) return 0;
            await output.WriteAsync(data);
            await output.FlushAsync(cancel);
            _offset += System.Text.Encoding.UTF8.GetByteCount(data);
            return data.Length;
        }
        catch (HttpRequestException e) when (e.StatusCode != HttpStatusCode.Unauthorized)
        {
            return 0;
        }
    }
}
