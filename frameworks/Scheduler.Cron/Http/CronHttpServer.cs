using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scheduler.Batch.Specs;
using Scheduler.Cron.Specs;
using Scheduler.Security.Authentication;

namespace Scheduler.Cron.Http;

/// <summary>
/// The cron API on Kestrel: <c>POST /v1/cron</c> (YAML or JSON; 201 when added, 200 when it replaced the job of that
/// name, 400 with the errors), <c>GET /v1/cron</c>, <c>GET /v1/cron/{name}</c> (with its runs), <c>DELETE /v1/cron/{name}</c>.
/// Given authentication settings, every endpoint but <c>/health</c> answers 401 without an authenticated principal.
/// </summary>
public sealed class CronHttpServer : IAsyncDisposable
{
    private const long MaxJobFileBytes = 1024 * 1024;
    private static readonly string[] OpenPaths = ["/health"];
    private readonly WebApplication app;

    private CronHttpServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<CronHttpServer> StartAsync(
        CronScheduler scheduler, IPAddress ip, int port, AuthenticationSettings? authentication = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(ip, port));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        if (authentication is not null) RequiredAuthentication.AddServices(builder.Services, authentication);
        var app = builder.Build();
        if (authentication is not null) RequiredAuthentication.Use(app, authentication, OpenPaths);

        app.MapPost("/v1/cron", (Delegate)((HttpContext context) => PutAsync(context, scheduler)));
        app.MapGet("/v1/cron", async () => Json(new JsonObject
        {
            ["cron_jobs"] = new JsonArray((await scheduler.WithBookAsync(book => book.Jobs.Select(CronJson.Summary).ToArray())).ToArray<JsonNode?>()),
        }));
        app.MapGet("/v1/cron/{name}", async (string name) =>
            await scheduler.WithBookAsync(book => book.Find(name) is { } job ? CronJson.Detail(job) : null) is { } detail
                ? Json(detail)
                : NotFound(name));
        app.MapDelete("/v1/cron/{name}", async (string name) =>
            await scheduler.RemoveAsync(name) ? Json(new JsonObject { ["name"] = name, ["removed"] = true }) : NotFound(name));
        app.MapGet("/health", () => Results.Ok());

        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CronHttpServer(app, new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task<IResult> PutAsync(HttpContext context, CronScheduler scheduler)
    {
        if (context.Request.ContentLength > MaxJobFileBytes) return Error(StatusCodes.Status413PayloadTooLarge, ["the cron job file is larger than 1 MiB"]);
        using var reader = new StreamReader(context.Request.Body);
        var source = await reader.ReadToEndAsync(context.RequestAborted);
        var sourceName = context.Request.Headers["X-Job-File"].FirstOrDefault() is { Length: > 0 } file ? Path.GetFileName(file) : "cron";
        CronJobSpec spec;
        try { spec = CronSpecParser.Parse(source, sourceName); }
        catch (JobSpecException e) { return Error(StatusCodes.Status400BadRequest, e.Errors); }
        var (job, replaced) = await scheduler.PutAsync(spec, source);
        var body = await scheduler.WithBookAsync(_ => CronJson.Summary(job));
        body["replaced"] = replaced;
        return Results.Text(body.ToJsonString(), "application/json", statusCode: replaced ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static IResult NotFound(string name) => Error(StatusCodes.Status404NotFound, [$"no cron job '{name}'"]);

    private static IResult Error(int status, IReadOnlyList<string> errors) =>
        Results.Text(new JsonObject
        {
            ["message"] = string.Join("\n", errors),
            ["errors"] = new JsonArray(errors.Select(error => (JsonNode?)error).ToArray()),
        }.ToJsonString(), "application/json", statusCode: status);
}
