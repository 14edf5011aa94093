using Scheduler.Agent.Tasks;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Cli.Run;

/// <summary>Streams a task's stdout and stderr from its agent to this terminal while it runs.</summary>
public sealed class TaskOutputSink : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _finish = new();
    private readonly List<Task> _followers = [];

    public void Start(Offer offer, string frameworkId, string taskId)
    {
        var address = offer.Url?.Address;
        var host = address?.Ip is { Length: > 0 } ip ? ip : address?.Hostname ?? offer.Hostname;
        var port = address is not null && address.HasPort ? address.Port : 5051;
        var agent = new Uri($"http://{host}:{port}/");
        var sandbox = SandboxLayout.RelativePath(frameworkId, taskId);
        _followers.Add(new TaskOutputFollower(_http, agent, Path.Combine(sandbox, "stdout"), Console.Out).FollowAsync(_finish.Token));
        _followers.Add(new TaskOutputFollower(_http, agent, Path.Combine(sandbox, "stderr"), Console.Error).FollowAsync(_finish.Token));
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
