using System.CommandLine;
using Scheduler.Cli.Hosting;
using Scheduler.Cli.Run;
using Scheduler.Framework;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>sched run [--cpus N] [--mem MB] [--docker IMAGE] [--uri URI]… -- CMD ARGS…</c>: runs one task on the cluster, streams its output and
/// exits with its exit code, like <c>mesos-execute</c>.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var master = MasterOption.Create();
        var cpus = new Option<double>("--cpus") { Description = "CPUs for the task", DefaultValueFactory = _ => 0.1 };
        var mem = new Option<double>("--mem") { Description = "Memory for the task in MB (a hard limit)", DefaultValueFactory = _ => 32 };
        var name = new Option<string?>("--name") { Description = "The task's name" };
        var timeout = new Option<double>("--offer-timeout") { Description = "Give up after this many seconds without a fitting offer", DefaultValueFactory = _ => 60 };
        var docker = new Option<string?>("--docker") { Description = "Run the command in this Docker image (on the host's network)" };
        var uris = new Option<string[]>("--uri")
        {
            Description = "Fetch this URI (http, https, file:// or an absolute path) into the task's sandbox before the command starts; " +
                "archives are extracted (CommandInfo.uris; repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var commandLine = new Argument<string[]>("command") { Description = "The command and its arguments (after --)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("run", "Run one task on the cluster and stream its output") { master, cpus, mem, name, timeout, docker, uris, commandLine };
        command.SetAction(async (parse, cancel) =>
        {
            Logging.Configure("Warn");
            if (!MasterAddress.TryParseList(parse.GetValue(master)!, out var masters, out var error)) return CliErrors.Fail(error);
            var request = new RunRequest(parse.GetValue(commandLine)!, parse.GetValue(cpus), parse.GetValue(mem), parse.GetValue(name))
            {
                DockerImage = parse.GetValue(docker),
                Uris = parse.GetValue(uris) ?? [],
            };
            var invalid = Validate(request);
            if (invalid is not null) return CliErrors.Fail(invalid);
            return await RunAsync(masters, request, TimeSpan.FromSeconds(parse.GetValue(timeout)), cancel);
        });
        return command;
    }

    private static string? Validate(RunRequest request)
    {
        if (request.Command.Count == 0 || string.IsNullOrWhiteSpace(request.Command[0])) return "command: give the command to run after --";
        if (!(request.Cpus > 0) || double.IsInfinity(request.Cpus)) return $"--cpus: must be a positive number, got {request.Cpus}";
        if (!(request.MemoryMegabytes >= 4) || double.IsInfinity(request.MemoryMegabytes)) return $"--mem: must be at least 4 MB, got {request.MemoryMegabytes}";
        if (request.DockerImage is { } image && string.IsNullOrWhiteSpace(image)) return "--docker: give an image, e.g. local/busybox:1";
        if (request.Uris.FirstOrDefault(string.IsNullOrWhiteSpace) is not null) return "--uri: give a URI, e.g. file:///tmp/hello.sh";
        return null;
    }

    private static async Task<int> RunAsync(IReadOnlyList<Uri> masters, RunRequest request, TimeSpan offerTimeout, CancellationToken cancel)
    {
        var master = masters[0];
        await using var output = new TaskOutputSink();
        var scheduler = new OneTaskScheduler(request, output);
        var framework = new FrameworkInfo { Name = "sched-run", User = System.Environment.UserName, FailoverTimeout = 0, Hostname = System.Net.Dns.GetHostName() };
        await using var driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions { Master = master, OtherMasters = masters.Skip(1).ToList(), FrameworkInfo = framework, Credential = CliCredentials.Current.Credential });
        try
        {
            await driver.StartAsync(cancel);
        }
        catch (Exception e) when (e is HttpRequestException or SchedulerApiException or TaskCanceledException)
        {
            return CliErrors.Fail($"cannot subscribe to the master at {master}: {e.Message}");
        }

        var subscribeTimeout = Task.Delay(TimeSpan.FromSeconds(15), cancel);
        if (await Task.WhenAny(scheduler.Subscription, scheduler.Outcome, subscribeTimeout) == subscribeTimeout)
            return CliErrors.Fail($"cannot subscribe to the master at {master}: no answer within 15 s");

        var launchedOrTimedOut = await Task.WhenAny(scheduler.Outcome, Task.Delay(offerTimeout, cancel));
        RunOutcome outcome;
        if (launchedOrTimedOut != scheduler.Outcome && !scheduler.Launched)
            outcome = new RunOutcome(1, $"No offer with cpus:{request.Cpus}; mem:{request.MemoryMegabytes} came within {offerTimeout.TotalSeconds:0} s");
        else
            outcome = await scheduler.Outcome.WaitAsync(cancel);

        await output.DrainAsync();
        try { await driver.TeardownAsync(CancellationToken.None); }
        catch (Exception e) when (e is HttpRequestException or SchedulerApiException or TaskCanceledException or InvalidOperationException) { }
        if (outcome.Explanation is not null) Console.Error.WriteLine($"sched run: {outcome.Explanation}");
        if (outcome.Explanation is { } refusal && CliCredentials.IsAuthenticationRefusal(refusal)) Console.Error.WriteLine($"sched run: {CliCredentials.Hint}");
        return outcome.ExitCode;
    }
}
