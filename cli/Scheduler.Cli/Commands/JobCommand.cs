using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scheduler.Cli.Frameworks;
using Scheduler.Cli.Hosting;
using Scheduler.Cli.Jobs;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched job submit|status|list|kill</c>: batch jobs, through the batch framework's API.</summary>
public static class JobCommand
{
    /// <summary>The exit code of <c>submit --wait</c> when the job did not finish (a task failed finally, or it was killed).</summary>
    public const int JobFailedExitCode = 1;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create() => new("job", "Submit batch jobs and follow them (needs the batch framework: sched dev starts one)")
    {
        Submit(), Status(), List(), Kill(),
    };

    private static Command Submit()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var file = new Argument<FileInfo>("FILE") { Description = "The job, in YAML or JSON" };
        var wait = new Option<bool>("--wait") { Description = "Follow the job until it ends; exit non-zero if a task failed" };
        var command = new Command("submit", "Submit a job; prints its id") { file, master, wait, output };
        command.SetAction(async (parse, cancel) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) return CliErrors.Fail($"{path.Name}: no such file");
            var source = await File.ReadAllTextAsync(path.FullName, cancel);
            return await WithClientAsync(parse.GetValue(master)!, cancel, async client =>
            {
                var id = await client.SubmitAsync(source, path.Name, cancel);
                var json = parse.GetValue(output) == OutputOption.Json;
                if (!parse.GetValue(wait))
                {
                    Console.WriteLine(json ? new JsonObject { ["id"] = id }.ToJsonString() : id);
                    return 0;
                }
                if (!json) Console.WriteLine(id);
                var live = !json && !Console.IsOutputRedirected;
                var console = json ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : AnsiConsole.Console;
                var job = await new JobWatcher(client, TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1)).WatchAsync(id, console, live, cancel);
                if (json)
                    Console.WriteLine(job.ToJsonString(Indented));
                else
                    AnsiConsole.MarkupLine($"{Markup.Escape(id)}: {JobTables.State(job["state"]!.ToString())} — {Markup.Escape(JobTables.Summary(job))}");
                return job["state"]?.ToString() == "finished" ? 0 : JobFailedExitCode;
            });
        });
        return command;
    }

    private static Command Status()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var id = new Argument<string>("ID") { Description = "The job's id, as submit printed it" };
        var command = new Command("status", "A job's tasks: state, attempts, agent and last message") { id, master, output };
        command.SetAction((parse, cancel) => WithClientAsync(parse.GetValue(master)!, cancel, async client =>
        {
            var job = await client.JobAsync(parse.GetValue(id)!, cancel);
            if (parse.GetValue(output) == OutputOption.Json) Console.WriteLine(job.ToJsonString(Indented));
            else AnsiConsole.Write(JobTables.Tasks(job));
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var command = new Command("list", "Every job with its state and task counts") { master, output };
        command.SetAction((parse, cancel) => WithClientAsync(parse.GetValue(master)!, cancel, async client =>
        {
            var jobs = await client.JobsAsync(cancel);
            if (parse.GetValue(output) == OutputOption.Json) Console.WriteLine(jobs.ToJsonString(Indented));
            else AnsiConsole.Write(JobTables.List(jobs));
            return 0;
        }));
        return command;
    }

    private static Command Kill()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var id = new Argument<string>("ID") { Description = "The job's id" };
        var command = new Command("kill", "Kill a job: its running tasks are killed and nothing more starts") { id, master, output };
        command.SetAction((parse, cancel) => WithClientAsync(parse.GetValue(master)!, cancel, async client =>
        {
            var answer = await client.KillAsync(parse.GetValue(id)!, cancel);
            Console.WriteLine(parse.GetValue(output) == OutputOption.Json ? answer.ToJsonString() : $"{parse.GetValue(id)}: killing");
            return 0;
        }));
        return command;
    }

    private static async Task<int> WithClientAsync(string masterText, CancellationToken cancel, Func<BatchClient, Task<int>> action)
    {
        if (!MasterAddress.TryParse(masterText, out var master, out var error)) return CliErrors.Fail(error);
        try
        {
            using var client = await BatchClient.FindAsync(master, cancel);
            return await action(client);
        }
        catch (FrameworkApiException e)
        {
            return CliErrors.Fail(e.Message);
        }
    }
}
