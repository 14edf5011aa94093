using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Scheduler.Agent;
using Scheduler.Cli.Hosting;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched agent --master HOST:PORT</c>: one agent joining the master's cluster.</summary>
public static class AgentCommand
{
    public static Command Create()
    {
        var master = new Option<string>("--master") { Description = "The masters' HTTP addresses, HOST:PORT[,HOST:PORT…]", Required = true };
        var workDir = new Option<string>("--work-dir") { Description = "Where sandboxes live", DefaultValueFactory = _ => ".data/agent" };
        var hostname = new Option<string>("--hostname") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTP port", DefaultValueFactory = _ => 5051 };
        var clusterPort = new Option<int>("--cluster-port") { Description = "Cluster (Akka.Remote) port; 0 picks a free one", DefaultValueFactory = _ => 0 };
        var resources = new Option<string?>("--resources") { Description = "Override detected resources, e.g. 'cpus:4;mem:2048'" };
        var containerizers = ContainerizerOptions.Containerizers();
        var dockerSocket = ContainerizerOptions.DockerSocket();
        var runtime = new AgentRuntimeOptions();
        var clusterConfig = ClusterConfigOption.Create();
        var command = new Command("agent", "Run an agent that joins a master")
        {
            master, workDir, hostname, port, clusterPort, resources, containerizers, dockerSocket, clusterConfig,
        };
        foreach (var option in runtime.All) command.Options.Add(option);
        var clusterSecurity = new ClusterSecurityOptions();
        foreach (var option in clusterSecurity.All) command.Options.Add(option);
        var authentication = new AuthenticationOptions();
        foreach (var option in authentication.All) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            Logging.Configure("Info");
            if (!MasterAddress.TryParseList(parse.GetValue(master)!, out var masterUris, out var error)) return CliErrors.Fail(error);
            var resourcesText = parse.GetValue(resources);
            if (resourcesText is not null && !Scheduler.Resources.ResourceSet.TryParse(resourcesText, out _, out var invalid))
                return CliErrors.Fail($"--resources: {invalid}");
            if (!ContainerizerOptions.TryParse(parse.GetValue(containerizers), out var containerizerNames, out var containerizerError))
                return CliErrors.Fail(containerizerError);
            if (!clusterSecurity.TryReadSecret(parse, out var secret, out var secretError)) return CliErrors.Fail(secretError);
            if (!clusterSecurity.TryReadTls(parse, out var tls, out var tlsError)) return CliErrors.Fail(tlsError);
            if (!authentication.TryRead(parse, out var authenticationSettings, out var authenticationError)) return CliErrors.Fail(authenticationError);
            string seed;
            try
            {
                seed = await ClusterAddressOfAnyAsync(masterUris, cancel);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                return CliErrors.Fail($"--master: cannot reach the master at {string.Join(", ", masterUris)}: {e.Message}");
            }
            if (ClusterSecurityOptions.TlsMismatch(seed, tls) is { } mismatch) return CliErrors.Fail($"--master: {mismatch}");
            var host = parse.GetValue(hostname)!;
            var node = new NodeOptions
            {
                Roles = [], Hostname = host, ClusterPort = parse.GetValue(clusterPort), SeedNodes = [seed], ClusterConfigFile = parse.GetValue(clusterConfig),
                Tls = tls,
            };
            var settings = new AgentSettings
            {
                WorkDirectory = Path.GetFullPath(parse.GetValue(workDir)!), Hostname = host,
                HttpPort = parse.GetValue(port), Resources = resourcesText,
                Containerizers = containerizerNames, DockerSocket = parse.GetValue(dockerSocket), ClusterSecret = secret,
                Authentication = authenticationSettings,
            };
            if (!runtime.TryApply(parse, settings, out var applied, out var runtimeError)) return CliErrors.Fail(runtimeError);
            settings = applied;
            return await AgentProcess.RunAsync(node, settings, token => ClusterAddressOfAnyAsync(masterUris, token), cancel);
        });
        return command;
    }

    /// <summary>The cluster address of the first master that answers; any master of the cluster is a seed to join.</summary>
    private static async Task<string> ClusterAddressOfAnyAsync(IReadOnlyList<Uri> masters, CancellationToken cancel)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await ClusterAddressOf(masters[i], cancel);
            }
            catch (Exception e) when (i < masters.Count - 1 && e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
            }
        }
    }

    private static async Task<string> ClusterAddressOf(Uri master, CancellationToken cancel)
    {
        using var http = new HttpClient { BaseAddress = master, Timeout = TimeSpan.FromSeconds(10) };
        CliCredentials.Current.Apply(http);
        var json = await http.GetFromJsonAsync<JsonObject>("master/cluster", cancel);
        return json?["cluster_address"]?.GetValue<string>() ?? throw new InvalidOperationException("the master did not say its cluster address");
    }
}
