using Docker.DotNet;
using Scheduler.Agent.Docker;

namespace Scheduler.Agent.Tests.Docker;

/// <summary>The engine the Docker tests run against: the one <c>scripts/docker-engine.sh start</c> brings up,
/// with its registry.</summary>
internal static class TestDockerEngine
{
    public const string Image = "local/busybox:1";
    public const string Registry = "127.0.0.1:5000";

    /// <summary><see cref="Image"/> as the script pushes it to <see cref="Registry"/>.</summary>
    public const string RegistryImage = Registry + "/busybox:1";

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

    /// <summary>Assert.Ignore with the reason unless the registry answers and holds <see cref="RegistryImage"/>.</summary>
    public static async Task RequireRegistryAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var manifest = new HttpRequestMessage(HttpMethod.Head, $"http://{Registry}/v2/busybox/manifests/1");
        manifest.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        string problem;
        try
        {
            using var response = await http.SendAsync(manifest);
            if (response.IsSuccessStatusCode) return;
            problem = $"it answers {(int)response.StatusCode} for {RegistryImage}";
        }
        catch (HttpRequestException e)
        {
            problem = e.Message;
        }
        catch (TaskCanceledException)
        {
            problem = "it did not answer within 5 s";
        }
        var reason = $"No usable registry at {Registry} ({problem}); run scripts/docker-engine.sh start";
        TestContext.Progress.WriteLine(reason);
        Assert.Ignore(reason);
    }
}
