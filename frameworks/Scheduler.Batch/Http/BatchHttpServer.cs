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
using Scheduler.Security.Authentication;

namespace Scheduler.Batch.Http;

/// <summary>
/// The batch API on Kestrel: <c>POST /v1/jobs</c> (YAML or JSON; 201 with the id, 400 with the errors),
/// <c>GET /v1/jobs</c>, <c>GET /v1/jobs/{id}</c>, <c>DELETE /v1/jobs/{id}</c> (kill). Given authentication settings, every
/// endpoint but <c>/health</c> answers 401 without an authenticated principal, as the master does.
/// </summary>
public sealed class BatchHttpServer : IAsyncDisposable
{
    private const long MaxJobFileBytes = 4 * 1024 * 1024;
    private static readonly string[] OpenPaths = ["/health"];
    private readonly WebApplication app;

    private BatchHttpServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BatchHttpServer> StartAsync(
        BatchScheduler scheduler, IPAddress ip, int port, AuthenticationSettings? authentication = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(ip, port));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        if (authentication is not null) RequiredAuthentication.AddServices(builder.Services, authentication);
        var app = builder.Build();
        if (authentication is not null) RequiredAuthentication.Use(app, authentication, OpenPaths);

        app.MapPost("/v1/jobs", (Delegate)((HttpContext context) => SubmitAsync(context, scheduler)));
        app.MapGet("/v1/jobs", async () => Json(await scheduler.WithBookAsync(book => new JsonObject
        {
            ["jobs"] = new JsonArray(book.Jobs.Select(JobJson.Summary).ToArray<JsonNode?>()),
            ["unknown_task_endings"] = book.UnknownTaskEndings,
        })));
        app.MapGet("/v1/jobs/{id}", async (string id) =>
            await scheduler.WithBookAsync(book => book.Find(id) is { } job ? JobJson.Detail(job) : null) is { } detail
                ? Json(detail)
                : NotFound(id));
        app.MapDelete("/v1/jobs/{id}", async (string id) =>
            await scheduler.KillAsync(id) ? Json(new JsonObject { ["id"] = id, ["killed"] = true }) : NotFound(id));
        app.MapGet("/health", () => Results.Ok());

        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BatchHttpServer(app, new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, BatchScheduler scheduler)
    {
        if (context.Request.ContentLength > MaxJobFileBytes) return Error(StatusCodes.Status413PayloadTooLarge, ["the job file is larger than 4 MiB"]);
        using var reader = new StreamReader(context.Request.Body);
        var source = await reader.ReadToEndAsync(context.RequestAborted);
        var sourceName = context.Request.Headers["X-Job-File"].FirstOrDefault() is { Length: > 0 } file ? Path.GetFileName(file) : "job";
        JobSpec spec;
        try { spec = JobSpecParser.Parse(source, sourceName); }
        catch (JobSpecException e) { return Error(StatusCodes.Status400BadRequest, e.Errors); }
        var job = await scheduler.SubmitAsync(spec, source);
        return Results.Text(new JsonObject { ["id"] = job.Id }.ToJsonString(), "application/json", statusCode: StatusCodes.Status201Created);
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static IResult NotFound(string id) => Error(StatusCodes.Status404NotFound, [$"no job '{id}'"]);

    private static IResult Error(int status, IReadOnlyList<string> errors) =>
        Results.Text(new JsonObject
        {
            ["message"] = string.Join("\n", errors),
            ["errors"] = new JsonArray(errors.Select(error => (JsonNode?)error).ToArray()),
        }.ToJsonString(), "application/json", statusCode: status);
}
