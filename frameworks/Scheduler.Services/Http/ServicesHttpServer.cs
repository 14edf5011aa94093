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
using Scheduler.Services.Apps;
using Scheduler.Services.Specs;
using Scheduler.Security.Authentication;

namespace Scheduler.Services.Http;

/// <summary>
/// The services API on Kestrel, after Marathon's <c>/v2</c>: <c>POST /v2/apps</c> (YAML or JSON; 201, 409 when the
/// app exists, 400 with the errors), <c>GET /v2/apps</c>, <c>GET /v2/apps/{id}</c>, <c>PUT /v2/apps/{id}</c> (create, new
/// version, or <c>{"instances": N}</c> to scale), <c>DELETE /v2/apps/{id}</c>, <c>POST /v2/apps/{id}/restart</c> and
/// <c>GET /v2/deployments</c>. Given authentication settings, every endpoint but <c>/health</c> answers 401 without an
/// authenticated principal.
/// </summary>
public sealed class ServicesHttpServer : IAsyncDisposable
{
    private const long MaxAppFileBytes = 1024 * 1024;
    private static readonly string[] OpenPaths = ["/health"];
    private readonly WebApplication app;

    private ServicesHttpServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ServicesHttpServer> StartAsync(
        ServicesScheduler scheduler, IPAddress ip, int port, AuthenticationSettings? authentication = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(ip, port));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        if (authentication is not null) RequiredAuthentication.AddServices(builder.Services, authentication);
        var web = builder.Build();
        if (authentication is not null) RequiredAuthentication.Use(web, authentication, OpenPaths);

        web.MapPost("/v2/apps", (Delegate)((HttpContext context) => DeployAsync(context, scheduler, null)));
        web.MapPut("/v2/apps/{id}", (Delegate)((HttpContext context) => DeployAsync(context, scheduler, context.Request.RouteValues["id"]?.ToString()?.TrimStart('/'))));
        web.MapGet("/v2/apps", async () => Json(new JsonObject
        {
            ["apps"] = new JsonArray((await scheduler.WithBookAsync(book => book.Apps.Select(app => AppJson.App(app, book, withTasks: false)).ToArray())).ToArray<JsonNode?>()),
        }));
        web.MapGet("/v2/apps/{id}", async (string id) =>
            await scheduler.WithBookAsync(book => book.Find(id.TrimStart('/')) is { } app ? AppJson.App(app, book, withTasks: true) : null) is { } json
                ? Json(new JsonObject { ["app"] = json })
                : NotFound(id));
        web.MapDelete("/v2/apps/{id}", async (string id) =>
            await scheduler.ChangeAsync(book => book.Remove(id.TrimStart('/'))) ? Json(new JsonObject { ["id"] = "/" + id.TrimStart('/'), ["removing"] = true }) : NotFound(id));
        web.MapPost("/v2/apps/{id}/restart", async (string id) =>
            await scheduler.ChangeAsync(book => book.Restart(id.TrimStart('/'))) is { } app ? Changed(app, StatusCodes.Status200OK) : NotFound(id));
        web.MapGet("/v2/deployments", async () => Json(new JsonObject
        {
            ["deployments"] = new JsonArray((await scheduler.WithBookAsync(book =>
                book.Apps.Where(app => app.Deployment is not null).Select(app => AppJson.Deployment(app, app.Deployment!)).ToArray())).ToArray<JsonNode?>()),
        }));
        web.MapGet("/health", () => Results.Ok());

        await web.StartAsync();
        var bound = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServicesHttpServer(web, new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>POST (create only) or PUT (create, change, or scale with a body of only <c>instances</c>).</summary>
    private static async Task<IResult> DeployAsync(HttpContext context, ServicesScheduler scheduler, string? pathId)
    {
        if (context.Request.ContentLength > MaxAppFileBytes) return Error(StatusCodes.Status413PayloadTooLarge, ["the app file is larger than 1 MiB"]);
        using var reader = new StreamReader(context.Request.Body);
        var source = await reader.ReadToEndAsync(context.RequestAborted);
        var sourceName = context.Request.Headers["X-App-File"].FirstOrDefault() is { Length: > 0 } file ? Path.GetFileName(file) : "app";
        try
        {
            if (pathId is not null && AppSpecParser.ScaleOnly(source, sourceName) is { } instances)
                return await scheduler.ChangeAsync(book => book.Scale(pathId, instances)) is { } scaled ? Changed(scaled, StatusCodes.Status200OK) : NotFound(pathId);
            var spec = AppSpecParser.Parse(source, sourceName);
            if (pathId is not null && spec.Id != pathId)
                return Error(StatusCodes.Status400BadRequest, [$"{sourceName}: id: '{spec.Id}' is not the app of the path, '{pathId}'"]);
            var exists = await scheduler.WithBookAsync(book => book.Find(spec.Id) is not null);
            if (pathId is null && exists) return Error(StatusCodes.Status409Conflict, [$"an app with id '/{spec.Id}' already exists: PUT /v2/apps/{spec.Id} changes it"]);
            var app = await scheduler.DeployAsync(spec, source);
            return Changed(app, exists ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        }
        catch (AppSpecException e) { return Error(StatusCodes.Status400BadRequest, e.Errors); }
        catch (InvalidOperationException e) { return Error(StatusCodes.Status409Conflict, [e.Message]); }
    }

    private static IResult Changed(App app, int status) => Results.Text(new JsonObject
    {
        ["id"] = "/" + app.Id,
        ["versionNumber"] = app.Version,
        ["deploymentId"] = app.Deployment?.Id,
    }.ToJsonString(), "application/json", statusCode: status);

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static IResult NotFound(string id) => Error(StatusCodes.Status404NotFound, [$"no app '/{id.TrimStart('/')}'"]);

    private static IResult Error(int status, IReadOnlyList<string> errors) =>
        Results.Text(new JsonObject
        {
            ["message"] = string.Join("\n", errors),
            ["errors"] = new JsonArray(errors.Select(error => (JsonNode?)error).ToArray()),
        }.ToJsonString(), "application/json", statusCode: status);
}
