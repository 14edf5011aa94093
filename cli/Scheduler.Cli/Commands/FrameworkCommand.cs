using System.CommandLine;
using System.Net;
using Scheduler.Batch;
using Scheduler.Cli.Hosting;
using Scheduler.Cron;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched framework batch|cron|services</c>: the frameworks we ship, each as its own process.</summary>
public static class FrameworkCommand
{
    public static Command Create() => new("framework", "Run one of the frameworks that come with the scheduler") { Batch(), Cron(), ServicesFrameworkCommand.Create() };

    private static Command Cron()
    {
        var master = MasterOption.Create();
        master.Description = "The masters' HTTP addresses, HOST:PORT[,HOST:PORT…]";
        var port = new Option<int>("--port") { Description = "The cron API's port on 127.0.0.1", DefaultValueFactory = _ => 5053 };
        var dataDir = new Option<string>("--data-dir") { Description = "Where the cron jobs and their runs are kept (cron.db)", DefaultValueFactory = _ => ".data/cron" };
        var command = new Command("cron", "Run the cron framework and its API (sched cron talks to it)") { master, port, dataDir };
        var authentication = new AuthenticationOptions();
        foreach (var option in authentication.All) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            Logging.Configure("Info");
            if (!MasterAddress.TryParseList(parse.GetValue(master)!, out var masters, out var error)) return CliErrors.Fail(error);
            if (!authentication.TryRead(parse, out var authenticationSettings, out var authenticationError)) return CliErrors.Fail(authenticationError);
            var settings = new CronFrameworkSettings
            {
                Masters = masters, DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!), Port = parse.GetValue(port), ListenAddress = IPAddress.Loopback,
                Credential = CliCredentials.Current.Credential, Authentication = authenticationSettings,
            };
            await using var framework = await CronFramework.StartAsync(settings);
            AnsiConsole.MarkupLine($"Cron framework: API on [bold]{Markup.Escape(framework.ApiAddress.ToString())}[/], jobs in {Markup.Escape(settings.DataDirectory)}. Ctrl-C stops.");
            await ShutdownSignal.WaitAsync(cancel);
            return 0;
        });
        return command;
    }

    private static Command Batch()
    {
        var master = MasterOption.Create();
        master.Description = "The masters' HTTP addresses, HOST:PORT[,HOST:PORT…]";
        var port = new Option<int>("--port") { Description = "The batch API's port on 127.0.0.1", DefaultValueFactory = _ => 5052 };
        var dataDir = new Option<string>("--data-dir") { Description = "Where the jobs are kept (batch.db)", DefaultValueFactory = _ => ".data/batch" };
        var command = new Command("batch", "Run the batch-jobs framework and its API (sched job talks to it)") { master, port, dataDir };
        var authentication = new AuthenticationOptions();
        foreach (var option in authentication.All) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            Logging.Configure("Info");
            if (!MasterAddress.TryParseList(parse.GetValue(master)!, out var masters, out var error)) return CliErrors.Fail(error);
            if (!authentication.TryRead(parse, out var authenticationSettings, out var authenticationError)) return CliErrors.Fail(authenticationError);
            var settings = new BatchFrameworkSettings
            {
                Masters = masters, DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!), Port = parse.GetValue(port), ListenAddress = IPAddress.Loopback,
                Credential = CliCredentials.Current.Credential, Authentication = authenticationSettings,
            };
            await using var framework = await BatchFramework.StartAsync(settings);
            AnsiConsole.MarkupLine($"Batch framework: API on [bold]{Markup.Escape(framework.ApiAddress.ToString())}[/], jobs in {Markup.Escape(settings.DataDirectory)}. Ctrl-C stops.");
            await ShutdownSignal.WaitAsync(cancel);
            return 0;
        });
        return command;
    }
}
