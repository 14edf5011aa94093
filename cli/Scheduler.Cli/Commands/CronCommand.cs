using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scheduler.Cli.Cron;
using Scheduler.Cli.Frameworks;
using Scheduler.Cli.Hosting;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched cron add|list|status|remove</c>: cron jobs, through the cron framework's API.</summary>
public static class CronCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create() => new("cron", "Run jobs on a schedule (needs the cron framework: sched dev starts one)")
    {
        Add(), List(), Status(), Remove(),
    };

    private static Command Add()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var file = new Argument<FileInfo>("FILE") { Description = "The cron job, in YAML or JSON; a job of the same name is replaced" };
        var command = new Command("add", "Add a cron job, or replace the one of that name; prints when it runs next") { file, master, output };
        command.SetAction(async (parse, cancel) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) return CliErrors.Fail($"{path.Name}: no such file");
            var source = await File.ReadAllTextAsync(path.FullName, cancel);
            return await WithClientAsync(parse.GetValue(master)!, cancel, async client =>
            {
                var job = await client.PutAsync(source, path.Name, cancel);
                if (parse.GetValue(output) == OutputOption.Json) Console.WriteLine(job.ToJsonString(Indented));
                else
                    AnsiConsole.MarkupLine(
                        $"{Markup.Escape(job["name"]!.ToString())}: {(job["replaced"]?.GetValue<bool>() == true ? "replaced" : "added")}, next run {CronTables.NextRun(job)}");
                return 0;
            });
        });
        return command;
    }

    private static Command List()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var command = new Command("list", "Every cron job with its schedule, next run and last run") { master, output };
        command.SetAction((parse, cancel) => WithClientAsync(parse.GetValue(master)!, cancel, async client =>
        {
            var jobs = await client.JobsAsync(cancel);
            if (parse.GetValue(output) == OutputOption.Json) Console.WriteLine(jobs.ToJsonString(Indented));
            else AnsiConsole.Write(CronTables.List(jobs));
            return 0;
        }));
        return command;
    }

    private static Command Status()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var name = new Argument<string>("NAME") { Description = "The cron job's name" };
        var command = new Command("status", "A cron job's next run and its last runs: state, times, attempts, message") { name, master, output };
        command.SetAction((parse, cancel) => WithClientAsync(parse.GetValue(master)!, cancel, async client =>
        {
            var job = await client.JobAsync(parse.GetValue(name)!, cancel);
            if (parse.GetValue(output) == OutputOption.Json) Console.WriteLine(job.ToJsonString(Indented));
            else AnsiConsole.Write(CronTables.Runs(job));
            return 0;
        }));
        return command;
    }

    private static Command Remove()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var name = new Argument<string>("NAME") { Description = "The cron job's name" };
        var command = new Command("remove", "Remove a cron job and its history; its running tasks are killed") { name, master, output };
        command.SetAction((parse, cancel) => WithClientAsync(parse.GetValue(master)!, cancel, async client =>
        {
            var answer = await client.RemoveAsync(parse.GetValue(name)!, cancel);
            Console.WriteLine(parse.GetValue(output) == OutputOption.Json ? answer.ToJsonString() : $"{parse.GetValue(name)}: removed");
            return 0;
        }));
        return command;
    }

    private static async Task<int> WithClientAsync(string masterText, CancellationToken cancel, Func<CronClient, Task<int>> action)
    {
        if (!MasterAddress.TryParse(masterText, out var master, out var error)) return CliErrors.Fail(error);
        try
        {
            using var client = await CronClient.FindAsync(master, cancel);
            return await action(client);
        }
        catch (FrameworkApiException e)
        {
            return CliErrors.Fail(e.Message);
        }
    }
}
