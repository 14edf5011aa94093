using System.CommandLine;
using Scheduler.Cli.Commands;
using Scheduler.Cli.Hosting;
using Spectre.Console;

if (Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0)
    AnsiConsole.Profile.Width = columns;

var root = new RootCommand("sched — a two-level resource-offer cluster scheduler")
{
    DevCommand.Create(),
    MasterCommand.Create(),
    AgentCommand.Create(),
    RunCommand.Create(),
    JobCommand.Create(),
    CronCommand.Create(),
    ServiceCommand.Create(),
    FrameworkCommand.Create(),
    AgentsCommand.Create(),
    TasksCommand.Create(),
    LogsCommand.Create(),
    FrameworksCommand.Create(),
    StatusCommand.Create(),
    TopCommand.Create(),
    SimCommand.Create(),
    TokenCommand.Create(),
    CompletionCommand.Create(),
};
foreach (var option in CliCredentials.All) root.Options.Add(option);
var parsed = root.Parse(args);
CliCredentials.Use(parsed);
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = ShutdownSignal.GracePeriod });
