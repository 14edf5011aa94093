using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scheduler.Batch.Specs;
using Scheduler.Cron.Specs;
using Scheduler.Framework.Hosting;
using Scheduler.Security.Authentication;
using static Scheduler.Framework.Hosting.JsonAnswers;

namespace Scheduler.Cron.Http;

/// <summary>
/// The cron API: <c>POST /v1/cron</c> (YAML or JSON; 201 when added, 200 when it replaced the job of that name, 400 with
/// the errors), <c>GET /v1/cron</c>, <c>GET /v1/cron/{name}</c> (with its runs), <c>DELETE /v1/cron/{name}</c>, on a
/// <see cref="FrameworkHttpHost"/>.
/// </summary>
public static class CronHttpServer
{
    private static readonly SpecFileReader CronJobFiles = new("cron job file", 1024 * 1024, "X-Job-File", "cron");

    public static Task<FrameworkHttpHost> StartAsync(
        CronScheduler scheduler, IPAddress ip, int port, AuthenticationSettings? authentication = null) =>
        FrameworkHttpHost.StartAsync(ip, port, authentication, routes =>
        {
            routes.MapPost("/v1/cron", (Delegate)((HttpContext context) => PutAsync(context, scheduler)));
            routes.MapGet("/v1/cron", async () => Json(new JsonObject
            {
                ["cron_jobs"] = new JsonArray((await scheduler.WithBookAsync(book => book.Jobs.Select(CronJson.Summary).ToArray())).ToArray<JsonNode?>()),
            }));
            routes.MapGet("/v1/cron/{name}", async (string name) =>
                await scheduler.WithBookAsync(book => book.Find(name) is { } job ? CronJson.Detail(job) : null) is { } detail
                    ? Json(detail)
                    : NotFound(name));
            routes.MapDelete("/v1/cron/{name}", async (string name) =>
                await scheduler.RemoveAsync(name) ? Json(new JsonObject { ["name"] = name, ["removed"] = true }) : NotFound(name));
        });

    private static async Task<IResult> PutAsync(HttpContext context, CronScheduler scheduler)
    {
        var (source, sourceName, refusal) = await CronJobFiles.ReadAsync(context);
        if (refusal is not null) return refusal;
        CronJobSpec spec;
        try { spec = CronSpecParser.Parse(source, sourceName); }
        catch (JobSpecException e) { return Error(StatusCodes.Status400BadRequest, e.Errors); }
        var (job, replaced) = await scheduler.PutAsync(spec, source);
        var body = await scheduler.WithBookAsync(_ => CronJson.Summary(job));
        body["replaced"] = replaced;
        return Json(body, replaced ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private static IResult NotFound(string name) => Error(StatusCodes.Status404NotFound, [$"no cron job '{name}'"]);
}
