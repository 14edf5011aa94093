using System.CommandLine;
using Scheduler.Agent;
using Scheduler.Batch;
using Scheduler.Cli.Hosting;
using Scheduler.Cron;
using Scheduler.Master;
using Scheduler.Services;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched dev</c>: a whole cluster in one process — a master and an agent on this machine.</summary>
public static class DevCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Where the registry and sandboxes live", DefaultValueFactory = _ => ".data" };
        var port = new Option<int>("--port") { Description = "The master's HTTP port", DefaultValueFactory = _ => 5050 };
        var agentPort = new Option<int>("--agent-port") { Description = "The agent's HTTP port", DefaultValueFactory = _ => 5051 };
        var clusterPort = new Option<int>("--cluster-port") { Description = "The cluster (Akka.Remote) port", DefaultValueFactory = _ => 5055 };
        var batchPort = new Option<int>("--batch-port") { Description = "The batch framework's API port (0: no batch framework)", DefaultValueFactory = _ => 5052 };
        var cronPort = new Option<int>("--cron-port") { Description = "The cron framework's API port (0: no cron framework)", DefaultValueFactory = _ => 5053 };
        var servicesPort = new Option<int>("--services-port") { Description = "The services framework's API port (0: no services framework)", DefaultValueFactory = _ => 5054 };
        var resources = new Option<string?>("--resources") { Description = "Override detected resources, e.g. 'cpus:4;mem:2048'" };
        var containerizers = ContainerizerOptions.Containerizers();
        var dockerSocket = ContainerizerOptions.DockerSocket();
        var runtime = new AgentRuntimeOptions();
        var command = new Command("dev", "Run a master and an agent in this process (registry in a local SQLite file)")
        {
            dataDir, port, agentPort, clusterPort, batchPort, cronPort, servicesPort, resources, containerizers, dockerSocket,
        };
        foreach (var option in runtime.All) command.Options.Add(option);
        var security = new MasterSecurityOptions();
        security.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            Logging.Configure("Info");
            if (!security.TryApply(parse, new MasterSettings { HttpPort = parse.GetValue(port) }, out var master, out var tls, out var securityError))
                return CliErrors.Fail(securityError);
            var authenticationSettings = master.Authentication;
            var credential = AuthenticationOptions.ForInProcessClients(authenticationSettings, parse);
            var data = Path.GetFullPath(parse.GetValue(dataDir)!);
            Directory.CreateDirectory(data);
            var resourcesText = parse.GetValue(resources);
            if (resourcesText is not null && !Scheduler.Resources.ResourceSet.TryParse(resourcesText, out _, out var error))
                return CliErrors.Fail($"--resources: {error}");
            if (!ContainerizerOptions.TryParse(parse.GetValue(containerizers), out var containerizerNames, out var containerizerError))
                return CliErrors.Fail(containerizerError);
            var node = new NodeOptions { Roles = [], ClusterPort = parse.GetValue(clusterPort), RegistryPath = Path.Combine(data, "registry.db"), Tls = tls };
            var agent = new AgentSettings
            {
                WorkDirectory = Path.Combine(data, "agent"), HttpPort = parse.GetValue(agentPort), Resources = resourcesText,
                Containerizers = containerizerNames, DockerSocket = parse.GetValue(dockerSocket), ClusterSecret = master.ClusterSecret,
                Authentication = authenticationSettings,
            };
            if (!runtime.TryApply(parse, agent, out var applied, out var runtimeError)) return CliErrors.Fail(runtimeError);
            agent = applied;
            await using var cluster = await ClusterNode.StartAsync(node, master, agent);
            await using var batch = parse.GetValue(batchPort) is > 0 and var apiPort
                ? await BatchFramework.StartAsync(new BatchFrameworkSettings
                {
                    Masters = [new Uri($"http://127.0.0.1:{master.HttpPort}/")], DataDirectory = Path.Combine(data, "batch"), Credential = credential, Port = apiPort,
                    Authentication = authenticationSettings,
                })
                : null;
            await using var cron = parse.GetValue(cronPort) is > 0 and var cronApiPort
                ? await CronFramework.StartAsync(new CronFrameworkSettings
                {
                    Masters = [new Uri($"http://127.0.0.1:{master.HttpPort}/")], DataDirectory = Path.Combine(data, "cron"), Credential = credential, Port = cronApiPort,
                    Authentication = authenticationSettings,
                })
                : null;
            await using var services = parse.GetValue(servicesPort) is > 0 and var servicesApiPort
                ? await ServicesFramework.StartAsync(new ServicesFrameworkSettings
                {
                    Masters = [new Uri($"http://127.0.0.1:{master.HttpPort}/")], DataDirectory = Path.Combine(data, "services"), Credential = credential, Port = servicesApiPort,
                    Authentication = authenticationSettings,
                })
                : null;
            var table = new Table().AddColumns("", "");
            table.HideHeaders();
            table.AddRow(new Text("Master state"), new Text($"http://127.0.0.1:{master.HttpPort}/master/state"));
            table.AddRow(new Text("Scheduler API"), new Text($"http://127.0.0.1:{master.HttpPort}/api/v1/scheduler"));
            table.AddRow(new Text("Agent"), new Text($"http://127.0.0.1:{agent.HttpPort} offering {cluster.Agent!.Resources}"));
            table.AddRow(new Text("Cluster"), new Text(cluster.ClusterAddress));
            if (batch is not null) table.AddRow(new Text("Batch jobs"), new Text(batch.ApiAddress.ToString()));
            if (cron is not null) table.AddRow(new Text("Cron jobs"), new Text(cron.ApiAddress.ToString()));
            if (services is not null) table.AddRow(new Text("Services"), new Text(services.ApiAddress.ToString()));
            table.AddRow(new Text("Data"), new Text(data));
            AnsiConsole.Write(new Panel(table).Header("sched dev").RoundedBorder());
            AnsiConsole.MarkupLine(batch is null
                ? "Try [bold]./sched run -- echo hello[/]. Ctrl-C stops."
                : "Try [bold]./sched run -- echo hello[/] or [bold]./sched job submit examples/hello-array.yaml --wait[/]. Ctrl-C stops.");
            await ShutdownSignal.WaitAsync(cancel);
            return 0;
        });
        return command;
    }
}
