using Docker.DotNet;
using Scheduler.Agent.Docker;

namespace Scheduler.Agent.Tests.Docker;

/// <summary>The engine the Docker tests run against: the one <c>scripts/docker-engine.sh start</c> brings up.</summary>
internal static class TestDockerEngine
{
    public const string Image = "local/busybox:1";

    public static string Socket =>
        System.Environment.GetEnvironmentVariable(DockerEngine.SocketVariable) is { Length: > 0 } configured
            ? configured
            : DockerEngine.ProjectSocket;

    /// <summary>A client to the test engine, or Assert.Ignore with the reason when there is none.</summary>
    public static async Task<IDockerClient> ConnectOrIgnoreAsync()
    {
        if (!File.Exists(Socket))
            Assert.Ignore($"No Docker engine socket at {Socket}; start one with scripts/docker-engine.sh start");
        var client = DockerEngine.Connect(Socket);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.System.PingAsync(timeout.Token);
            await client.Images.InspectImageAsync(Image, timeout.Token);
        }
        catch (Exception e) when (e is not IgnoreException)
        {
            client.Dispose();
            Assert.Ignore($"The Docker engine on {Socket} is not usable ({e.Message}); run scripts/docker-engine.sh start");
        }
        return client;
    }
}
