using System.CommandLine;
using Scheduler.Cli.Commands;

var root = new RootCommand("sched — a two-level resource-offer cluster scheduler")
{
    DevCommand.Create(),
    MasterCommand.Create(),
    AgentCommand.Create(),
    RunCommand.Create(),
    AgentsCommand.Create(),
    TasksCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
