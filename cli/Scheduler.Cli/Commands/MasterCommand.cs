using System.CommandLine;
using Scheduler.Cli.Hosting;
using Scheduler.Master;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched master</c>: one master node; several with <c>--seed</c> form one cluster.</summary>
public static class MasterCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Where the registry lives", DefaultValueFactory = _ => ".data/master" };
        var hostname = new Option<string>("--hostname") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTP port", DefaultValueFactory = _ => 5050 };
        var clusterPort = new Option<int>("--cluster-port") { Description = "Cluster (Akka.Remote) port", DefaultValueFactory = _ => 5055 };
        var seeds = new Option<string[]>("--seed") { Description = "Cluster address of a master to join (akka.tcp://scheduler@HOST:PORT)", AllowMultipleArgumentsPerToken = true };
        var clusterConfig = ClusterConfigOption.Create();
        var command = new Command("master", "Run a master node") { dataDir, hostname, port, clusterPort, seeds, clusterConfig };
        command.SetAction(async (parse, cancel) =>
        {
            Logging.Configure("Info");
            var data = Path.GetFullPath(parse.GetValue(dataDir)!);
            Directory.CreateDirectory(data);
            var host = parse.GetValue(hostname)!;
            var node = new NodeOptions
            {
                Roles = [], Hostname = host, ClusterPort = parse.GetValue(clusterPort),
                SeedNodes = parse.GetValue(seeds) ?? [], RegistryPath = Path.Combine(data, "registry.db"),
                ClusterConfigFile = parse.GetValue(clusterConfig),
            };
            var settings = new MasterSettings { Hostname = host, HttpPort = parse.GetValue(port) };
            await using var cluster = await ClusterNode.StartAsync(node, settings, null);
            AnsiConsole.MarkupLine($"Master on [bold]http://{host}:{settings.HttpPort}[/], cluster address [bold]{Markup.Escape(cluster.ClusterAddress)}[/]");
            await ShutdownSignal.WaitAsync(cancel);
            return 0;
        });
        return command;
    }
}
