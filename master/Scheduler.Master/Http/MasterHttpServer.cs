using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Scheduler.Master.Actors;
using Scheduler.Master.Leadership;
using Scheduler.Master.Operator;
using Scheduler.Master.Security.Authentication;
using Scheduler.Master.Security.Authorization;
using Scheduler.Master.Security.Limits;
using Scheduler.Master.Security.RateLimiting;
using Scheduler.Master.WebUi;
using Scheduler.Security.Authentication;

namespace Scheduler.Master.Http;

/// <summary>The master's HTTP face: the scheduler API, the state endpoints and the cluster address for agents.</summary>
public sealed class MasterHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MasterHttpServer(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = new("http://127.0.0.1:5050");

    public static async Task<MasterHttpServer> StartAsync(ActorSystem system, IActorRef master, MasterSettings settings,
        Action<ILoggingBuilder>? logging = null, LeaderDirectory? leader = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(ResolveIp(settings.Hostname)), settings.HttpPort));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        ApiLimitsHosting.Configure(builder, settings.ApiLimits);
        if (settings.Authentication is { } authentication) MasterAuthentication.AddServices(builder.Services, authentication);
        var app = builder.Build();
        var scheduler = new SchedulerEndpoint(system, master, app.Lifetime.ApplicationStopping, settings.Authorizer);
        if (leader is not null) app.Use((context, next) => RedirectToLeaderAsync(context, next, leader, app));
        if (settings.Authentication is { } required) MasterAuthentication.UseRequiredAuthentication(app, required);

        app.Map("/api/v1/scheduler", RateLimitGate.Guard(app.Services, scheduler.HandleAsync));
        app.Map("/api/v1", new OperatorEndpoint(master, settings).HandleAsync);
        app.MapGet("/master/state-summary", new StateSummaryEndpoint(master, settings).HandleAsync);
        app.MapGet("/master/health", () => Results.Ok());
        app.MapGet("/", WebUiPage.HandleAsync);
        app.MapGet("/master/agents/{agentId}/files/read", new SandboxFilesProxy(master).HandleAsync);
        app.MapGet("/master/state", (HttpContext c) => StateAsync(c, master, views: settings.Authorizer));
        app.MapGet("/master/roles", (HttpContext c) => StateAsync(c, master, GetMasterRoles.Instance));
        app.MapGet("/master/roles.json", (HttpContext c) => StateAsync(c, master, GetMasterRoles.Instance));
        app.MapGet("/master/weights", (HttpContext c) => StateAsync(c, master, GetWeightsJson.Instance));
        app.MapGet("/weights", (HttpContext c) => StateAsync(c, master, GetWeightsJson.Instance));
        app.MapGet("/master/quota", (HttpContext c) => StateAsync(c, master, GetQuotaJson.Instance));
        app.MapGet("/quota", (HttpContext c) => StateAsync(c, master, GetQuotaJson.Instance));
        app.MapGet("/state", (HttpContext c) => StateAsync(c, master, views: settings.Authorizer));
        app.MapGet("/master/state.json", (HttpContext c) => StateAsync(c, master, views: settings.Authorizer));
        app.MapGet("/master/cluster", () => Results.Text(
            new JsonObject { ["cluster_address"] = settings.ClusterAddress }.ToJsonString(), "application/json"));
        app.MapGet("/health", () => Results.Ok());
        if (settings.Metrics is { } metrics)
        {
            app.MapMetrics("/metrics", metrics.Registry);
            app.MapGet("/metrics/snapshot", () => Results.Json(metrics.Snapshot()));
        }

        await app.StartAsync();
        var server = new MasterHttpServer(app);
        server.Address = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Answers with the master's JSON; with <paramref name="views"/>, leaves out what the principal may not view.</summary>
    private static async Task StateAsync(HttpContext context, IActorRef master, object? question = null, Authorizer? views = null)
    {
        try
        {
            var json = await master.Ask<string>(question ?? GetMasterState.Instance, TimeSpan.FromSeconds(10), context.RequestAborted);
            json = StateJsonViewFilter.Filter(views, AuthenticatedPrincipal.Of(context), json);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json);
        }
        catch (AskTimeoutException)
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsync("Master is not ready");
        }
    }

    private static Task RedirectToLeaderAsync(HttpContext context, RequestDelegate next, LeaderDirectory leader, WebApplication app)
    {
        var self = new Uri(app.Urls.First());
        switch (StandbyRedirect.Decide(leader.Current, self, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? ""))
        {
            case RedirectDecision.Redirect redirect:
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = redirect.Location;
                return Task.CompletedTask;
            case RedirectDecision.Unavailable unavailable:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return context.Response.WriteAsync(unavailable.Reason);
            default:
                return next(context);
        }
    }

    private static string ResolveIp(string host) =>
        IPAddress.TryParse(host, out _) ? host : host == "localhost" ? "127.0.0.1" : "0.0.0.0";
}
