using System.Net;
using Scheduler.Agent.Tasks;
using Scheduler.Cli.Commands;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Cli.Run;

/// <summary>Streams a task's stdout and stderr from its agent to this terminal while it runs.</summary>
public sealed class TaskOutputSink : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _finish = new();
    private readonly List<Task> _followers = [];

    public TaskOutputSink() => CliCredentials.Current.Apply(_http);

    public void Start(Offer offer, string frameworkId, string taskId)
    {
        var address = offer.Url?.Address;
        var host = address?.Ip is { Length: > 0 } ip ? ip : address?.Hostname ?? offer.Hostname;
        var port = address is not null && address.HasPort ? address.Port : 5051;
        var agent = new Uri($"http://{host}:{port}/");
        var sandbox = SandboxLayout.RelativePath(frameworkId, taskId);
        _followers.Add(FollowAsync(agent, Path.Combine(sandbox, "stdout"), Console.Out));
        _followers.Add(FollowAsync(agent, Path.Combine(sandbox, "stderr"), Console.Error));
    }

    private async Task FollowAsync(Uri agent, string path, TextWriter output)
    {
        try
        {
            await new TaskOutputFollower(_http, agent, path, output).FollowAsync(_finish.Token);
        }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
        {
            await Console.Error.WriteLineAsync($"sched: cannot show the task's {Path.GetFileName(path)}: the agent at {agent}: {e.Message}");
        }
    }

    /// <summary>Reads what is left of the output and stops following.</summary>
    public async Task DrainAsync()
    {
        await _finish.CancelAsync();
        await Task.WhenAll(_followers);
    }

    public async ValueTask DisposeAsync()
    {
        await DrainAsync();
        _http.Dispose();
        _finish.Dispose();
    }
}
