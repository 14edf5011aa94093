using System.CommandLine;

namespace Scheduler.Cli.Commands;

/// <summary>The <c>--cluster-config</c> option of the commands that start a cluster node.</summary>
public static class ClusterConfigOption
{
    public static Option<string?> Create() => new("--cluster-config")
    {
        Description = "A HOCON file overriding the generated Akka settings, e.g. akka.cluster.quorum-downing.stable-after = 3s",
    };
}
