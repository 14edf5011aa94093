using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Scheduler.Agent.Tasks;
using Scheduler.Cli.Hosting;
using Scheduler.Cli.Run;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>sched logs TASK [-f] [--stderr]</c>: prints a task's sandbox stdout (or stderr) through its agent's
/// <c>/files/read</c>, found from the master's state; with <c>-f</c> keeps following it until the task ends.
/// </summary>
public static class LogsCommand
{
    private static readonly HashSet<string> TerminalStates =
    [
        "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED", "TASK_GONE",
        "TASK_GONE_BY_OPERATOR",
    ];

    private static readonly TimeSpan StatePollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var master = MasterOption.Create();
        var taskId = new Argument<string>("task") { Description = "The task's id, as `sched tasks` lists it" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the task ends" };
        var stderr = new Option<bool>("--stderr") { Description = "Show the task's stderr instead of its stdout" };
        var command = new Command("logs", "Print a task's output") { taskId, follow, stderr, master };
        command.SetAction(async (parse, cancel) =>
        {
            if (!MasterAddress.TryParse(parse.GetValue(master)!, out var uri, out var error)) return CliErrors.Fail(error);
            var id = parse.GetValue(taskId)!;
            TaskLocation? location;
            try { location = Find(await StateClient.GetAsync(uri, cancel), id); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return CliErrors.Fail($"cannot reach the master at {uri}: {e.Message}"); }
            if (location is null) return CliErrors.Fail($"no task '{id}' is known to the master at {uri}");
            if (location.Agent is null) return CliErrors.Fail($"the agent of task '{id}' is no longer known to the master");

            var file = Path.Combine(SandboxLayout.RelativePath(location.FrameworkId, id), parse.GetValue(stderr) ? "stderr" : "stdout");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            CliCredentials.Current.Apply(http);
            var output = parse.GetValue(stderr) ? Console.Error : Console.Out;
            using var finish = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            if (!parse.GetValue(follow) || TerminalStates.Contains(location.State)) finish.Cancel();
            var copying = new TaskOutputFollower(http, location.Agent, file, output).FollowAsync(finish.Token);
            while (!finish.IsCancellationRequested && !copying.IsCompleted)
            {
                try { await Task.Delay(StatePollInterval, finish.Token); }
                catch (OperationCanceledException) { break; }
                try
                {
                    var now = Find(await StateClient.GetAsync(uri, cancel), id);
                    if (now is null || TerminalStates.Contains(now.State)) finish.Cancel();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The master is briefly unreachable; keep following and ask again.
                }
            }
            try
            {
                await copying;
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
            {
                return CliErrors.Fail($"cannot read the output of task '{id}': the agent at {location.Agent}: {e.Message}");
            }
            return 0;
        });
        return command;
    }

    private sealed record TaskLocation(string FrameworkId, string State, Uri? Agent);

    private static TaskLocation? Find(JsonObject state, string taskId)
    {
        var frameworks = state["frameworks"]!.AsArray().Concat(state["completed_frameworks"]?.AsArray() ?? []).OfType<JsonObject>();
        foreach (var framework in frameworks)
        {
            var tasks = framework["tasks"]!.AsArray().Concat(framework["completed_tasks"]?.AsArray() ?? []).OfType<JsonObject>();
            var task = tasks.FirstOrDefault(t => t["id"]?.ToString() == taskId);
            if (task is null) continue;
            var agentId = task["slave_id"]?.ToString();
            var agent = state["slaves"]!.AsArray().OfType<JsonObject>().FirstOrDefault(s => s["id"]?.ToString() == agentId);
            var address = agent is null ? null : new Uri($"http://{agent["hostname"]}:{agent["port"]}/");
            return new TaskLocation(framework["id"]!.ToString(), task["state"]?.ToString() ?? "", address);
        }
        return null;
    }
}
