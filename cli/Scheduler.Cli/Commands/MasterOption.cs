using System.CommandLine;
using Scheduler.Cli.Hosting;

namespace Scheduler.Cli.Commands;

/// <summary>The <c>--master</c> option shared by the commands that talk to a master.</summary>
public static class MasterOption
{
    public static Option<string> Create() => new("--master")
    {
        Description = "The master's HTTP address, HOST:PORT",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SCHED_MASTER") ?? MasterAddress.Default,
    };
}
