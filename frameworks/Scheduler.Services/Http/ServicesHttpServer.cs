using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scheduler.Framework.Hosting;
using Scheduler.Security.Authentication;
using Scheduler.Services.Apps;
using Scheduler.Services.Specs;
using static Scheduler.Framework.Hosting.JsonAnswers;

namespace Scheduler.Services.Http;

/// <summary>
/// The services API after Marathon's <c>/v2</c>: <c>POST /v2/apps</c> (YAML or JSON; 201, 409 when the app exists, 400
/// with the errors), <c>GET /v2/apps</c>, <c>GET /v2/apps/{id}</c>, <c>PUT /v2/apps/{id}</c> (create, new version, or
/// <c>{"instances": N}</c> to scale), <c>DELETE /v2/apps/{id}</c>, <c>POST /v2/apps/{id}/restart</c> and
/// <c>GET /v2/deployments</c>, on a <see cref="FrameworkHttpHost"/>.
/// </summary>
public static class ServicesHttpServer
{
    private static readonly SpecFileReader AppFiles = new("app file", 1024 * 1024, "X-App-File", "app");

    public static Task<FrameworkHttpHost> StartAsync(
        ServicesScheduler scheduler, IPAddress ip, int port, AuthenticationSettings? authentication = null) =>
        FrameworkHttpHost.StartAsync(ip, port, authentication, routes =>
        {
            routes.MapPost("/v2/apps", (Delegate)((HttpContext context) => DeployAsync(context, scheduler, null)));
            routes.MapPut("/v2/apps/{id}", (Delegate)((HttpContext context) => DeployAsync(context, scheduler, context.Request.RouteValues["id"]?.ToString()?.TrimStart('/'))));
            routes.MapGet("/v2/apps", async () => Json(new JsonObject
            {
                ["apps"] = new JsonArray((await scheduler.WithBookAsync(book => book.Apps.Select(app => AppJson.App(app, book, withTasks: false)).ToArray())).ToArray<JsonNode?>()),
            }));
            routes.MapGet("/v2/apps/{id}", async (string id) =>
                await scheduler.WithBookAsync(book => book.Find(id.TrimStart('/')) is { } app ? AppJson.App(app, book, withTasks: true) : null) is { } json
                    ? Json(new JsonObject { ["app"] = json })
                    : NotFound(id));
            routes.MapDelete("/v2/apps/{id}", async (string id) =>
                await scheduler.ChangeAsync(book => book.Remove(id.TrimStart('/'))) ? Json(new JsonObject { ["id"] = "/" + id.TrimStart('/'), ["removing"] = true }) : NotFound(id));
            routes.MapPost("/v2/apps/{id}/restart", async (string id) =>
                await scheduler.ChangeAsync(book => book.Restart(id.TrimStart('/'))) is { } app ? Changed(app, StatusCodes.Status200OK) : NotFound(id));
            routes.MapGet("/v2/deployments", async () => Json(new JsonObject
            {
                ["deployments"] = new JsonArray((await scheduler.WithBookAsync(book =>
                    book.Apps.Where(app => app.Deployment is not null).Select(app => AppJson.Deployment(app, app.Deployment!)).ToArray())).ToArray<JsonNode?>()),
            }));
        });

    /// <summary>POST (create only) or PUT (create, change, or scale with a body of only <c>instances</c>).</summary>
    private static async Task<IResult> DeployAsync(HttpContext context, ServicesScheduler scheduler, string? pathId)
    {
        var (source, sourceName, refusal) = await AppFiles.ReadAsync(context);
        if (refusal is not null) return refusal;
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

    private static IResult Changed(App app, int status) => Json(new JsonObject
    {
        ["id"] = "/" + app.Id,
        ["versionNumber"] = app.Version,
        ["deploymentId"] = app.Deployment?.Id,
    }, status);

    private static IResult NotFound(string id) => Error(StatusCodes.Status404NotFound, [$"no app '/{id.TrimStart('/')}'"]);
}
