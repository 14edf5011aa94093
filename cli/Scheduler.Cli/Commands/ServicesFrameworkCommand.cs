using System.CommandLine;
using System.Net;
using Scheduler.Cli.Hosting;
using Scheduler.Services;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched framework services</c>: the long-running services framework as its own process.</summary>
public static class ServicesFrameworkCommand
{
    public static Command Create()
    {
        var master = MasterOption.Create();
        master.Description = "The masters' HTTP addresses, HOST:PORT[,HOST:PORT…]";
        var port = new Option<int>("--port") { Description = "The services API's port on 127.0.0.1", DefaultValueFactory = _ => 5054 };
        var dataDir = new Option<string>("--data-dir") { Description = "Where the apps are kept (services.db)", DefaultValueFactory = _ => ".data/services" };
        var command = new Command("services", "Run the long-running services framework and its Marathon-like API (sched service talks to it)") { master, port, dataDir };
        var authentication = new AuthenticationOptions();
        foreach (var option in authentication.All) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            Logging.Configure("Info");
            if (!MasterAddress.TryParseList(parse.GetValue(master)!, out var masters, out var error)) return CliErrors.Fail(error);
            if (!authentication.TryRead(parse, out var authenticationSettings, out var authenticationError)) return CliErrors.Fail(authenticationError);
            var settings = new ServicesFrameworkSettings
            {
                Masters = masters, DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!), Port = parse.GetValue(port), ListenAddress = IPAddress.Loopback,
                Credential = CliCredentials.Current.Credential, Authentication = authenticationSettings,
            };
            await using var framework = await ServicesFramework.StartAsync(settings);
            AnsiConsole.MarkupLine($"Services framework: API on [bold]{Markup.Escape(framework.ApiAddress.ToString())}[/], apps in {Markup.Escape(settings.DataDirectory)}. Ctrl-C stops.");
            await ShutdownSignal.WaitAsync(cancel);
            return 0;
        });
        return command;
    }
}
