using System.CommandLine;
using Scheduler.Cli.Hosting;
using Scheduler.Master;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched master</c>: one master node; several with <c>--seed</c> form one cluster.</summary>
public static class MasterCommand
{
    private static readonly TimeSpan RegistryCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The exit code of a master whose node the cluster downed.</summary>
    public const int DownedExitCode = 1;

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Where the registry lives", DefaultValueFactory = _ => ".data/master" };
        var registryConnection = new Option<string?>("--registry-connection")
        {
            Description = "Keep the registry in PostgreSQL, shared by several masters: 'Host=H;Port=5432;Database=D;Username=U;Password=P' " +
                "(or PGPASSWORD in the environment); without it the registry is a SQLite file under --data-dir",
        };
        var hostname = new Option<string>("--hostname") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTP port", DefaultValueFactory = _ => 5050 };
        var clusterPort = new Option<int>("--cluster-port") { Description = "Cluster (Akka.Remote) port", DefaultValueFactory = _ => 5055 };
        var seeds = new Option<string[]>("--seed") { Description = "Cluster address of a master to join (akka.tcp://scheduler@HOST:PORT)", AllowMultipleArgumentsPerToken = true };
        var clusterConfig = ClusterConfigOption.Create();
        var command = new Command("master", "Run a master node") { dataDir, registryConnection, hostname, port, clusterPort, seeds, clusterConfig };
        var agentPing = new AgentPingOptions();
        foreach (var option in agentPing.All) command.Options.Add(option);
        var security = new MasterSecurityOptions();
        security.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            Logging.Configure("Info");
            var host = parse.GetValue(hostname)!;
            var master = new MasterSettings { Hostname = host, HttpPort = parse.GetValue(port) };
            if (!security.TryApply(parse, master, out var secured, out var tls, out var securityError)) return CliErrors.Fail(securityError);
            var registry = parse.GetValue(registryConnection);
            if (registry is not null && await PostgreSqlRegistryCheck.ProblemAsync(registry, RegistryCheckTimeout, cancel) is { } problem)
                return CliErrors.Fail($"--registry-connection: {problem}");
            var data = Path.GetFullPath(parse.GetValue(dataDir)!);
            Directory.CreateDirectory(data);
            var node = new NodeOptions
            {
                Roles = [], Hostname = host, ClusterPort = parse.GetValue(clusterPort),
                SeedNodes = parse.GetValue(seeds) ?? [], RegistryPath = Path.Combine(data, "registry.db"), RegistryConnection = registry,
                ClusterConfigFile = parse.GetValue(clusterConfig), Tls = tls,
            };
            if (!agentPing.TryApply(parse, secured, out var settings, out var pingError)) return CliErrors.Fail(pingError);
            await using var cluster = await ClusterNode.StartAsync(node, settings, null);
            AnsiConsole.MarkupLine($"Master on [bold]http://{host}:{settings.HttpPort}[/], cluster address [bold]{Markup.Escape(cluster.ClusterAddress)}[/]");
            var stop = ShutdownSignal.WaitAsync(cancel);
            if (await Task.WhenAny(stop, cluster.System.WhenTerminated) == stop) return 0;
            // Downed by the cluster, the node can never serve again, while its HTTP would keep handing agents its dead
            // cluster address: exit, as Mesos's master does when it loses its place, for a supervisor to start it again.
            await Console.Error.WriteLineAsync("error: the cluster removed this master (downed: on the losing side of a partition); exiting");
            return DownedExitCode;
        });
        return command;
    }
}
