using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Security.Authentication;

namespace Scheduler.Agent.Http;

/// <summary>
/// The agent's HTTP face: sandbox files (Mesos's <c>/files/read</c>), resource usage (<c>/monitor/statistics</c>) and
/// health. Given authentication settings, every endpoint but the health checks answers 401 without an authenticated
/// principal, as Mesos's agent does with <c>--authenticate_http_readonly</c> and <c>--authenticate_http_readwrite</c>.
/// </summary>
public sealed class AgentHttpServer : IAsyncDisposable
{
    private static readonly string[] OpenPaths = ["/health", "/slave(1)/health"];
    private readonly WebApplication _app;

    private AgentHttpServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="containers">The running tasks' containers, for <c>/monitor/statistics</c>; none when null.</param>
    public static async Task<AgentHttpServer> StartAsync(AgentSettings settings, Action<ILoggingBuilder>? logging = null,
        Func<CancellationToken, Task<IReadOnlyList<MonitoredContainer>>>? containers = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        var ip = IPAddress.TryParse(settings.Hostname, out var parsed) ? parsed : IPAddress.Any;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(ip, settings.HttpPort);
            AgentHttpLimits.Apply(k.Limits);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        if (settings.Authentication is { } authentication) RequiredAuthentication.AddServices(builder.Services, authentication);
        var app = builder.Build();
        if (settings.Authentication is { } required) RequiredAuthentication.Use(app, required, OpenPaths);
        var files = new SandboxFiles(settings.WorkDirectory);

        app.MapGet("/files/read", (Delegate)((HttpContext c) => ReadAsync(c, files)));
        app.MapGet("/files/read.json", (Delegate)((HttpContext c) => ReadAsync(c, files)));
        app.MapGet("/monitor/statistics", (Delegate)((HttpContext c) => StatisticsAsync(c, containers)));
        app.MapGet("/monitor/statistics.json", (Delegate)((HttpContext c) => StatisticsAsync(c, containers)));
        app.MapGet("/health", () => Results.Ok());
        app.MapGet("/slave(1)/health", () => Results.Ok());

        await app.StartAsync();
        return new AgentHttpServer(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<IResult> StatisticsAsync(HttpContext context,
        Func<CancellationToken, Task<IReadOnlyList<MonitoredContainer>>>? containers)
    {
        var running = containers is null ? [] : await containers(context.RequestAborted);
        var body = MonitorStatisticsJson.Build(running.Select(c => (c, c.Container.Usage())));
        return Results.Text(body.ToJsonString(), "application/json");
    }

    private static async Task<IResult> ReadAsync(HttpContext context, SandboxFiles files)
    {
        // The master's web UI reads sandboxes straight from the agent, as Mesos's does (there with JSONP, here with CORS).
        context.Response.Headers.AccessControlAllowOrigin = "*";
        var query = context.Request.Query;
        var path = query["path"].ToString();
        if (string.IsNullOrEmpty(path)) return Results.BadRequest("Expecting 'path' to be present");
        long offset = -1;
        if (query.ContainsKey("offset") && !long.TryParse(query["offset"], out offset))
            return Results.BadRequest($"Failed to parse offset: '{query["offset"]}' is not a number");
        var length = SandboxFiles.MaxLength;
        if (query.ContainsKey("length") && (!int.TryParse(query["length"], out length) || length < 0))
            return Results.BadRequest($"Failed to parse length: '{query["length"]}' is not a non-negative number");
        var file = files.Resolve(path);
        if (file is null) return Results.BadRequest($"Path '{path}' is outside the agent's work directory");
        if (Directory.Exists(file)) return Results.BadRequest($"Path '{path}' is a directory");
        if (!File.Exists(file)) return Results.NotFound($"No file at '{path}'");
        var (data, at) = await files.ReadAsync(file, offset, length, context.RequestAborted);
        return Results.Text(new JsonObject { ["data"] = data, ["offset"] = at }.ToJsonString(), "application/json");
    }
}
