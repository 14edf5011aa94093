using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scheduler.Batch.Specs;
using Scheduler.Framework.Hosting;
using Scheduler.Security.Authentication;
using static Scheduler.Framework.Hosting.JsonAnswers;

namespace Scheduler.Batch.Http;

/// <summary>
/// The batch API: <c>POST /v1/jobs</c> (YAML or JSON; 201 with the id, 400 with the errors), <c>GET /v1/jobs</c>,
/// <c>GET /v1/jobs/{id}</c>, <c>DELETE /v1/jobs/{id}</c> (kill), on a <see cref="FrameworkHttpHost"/>.
/// </summary>
public static class BatchHttpServer
{
    private static readonly SpecFileReader JobFiles = new("job file", 4 * 1024 * 1024, "X-Job-File", "job");

    public static Task<FrameworkHttpHost> StartAsync(
        BatchScheduler scheduler, IPAddress ip, int port, AuthenticationSettings? authentication = null) =>
        FrameworkHttpHost.StartAsync(ip, port, authentication, routes =>
        {
            routes.MapPost("/v1/jobs", (Delegate)((HttpContext context) => SubmitAsync(context, scheduler)));
            routes.MapGet("/v1/jobs", async () => Json(await scheduler.WithBookAsync(book => new JsonObject
            {
                ["jobs"] = new JsonArray(book.Jobs.Select(JobJson.Summary).ToArray<JsonNode?>()),
                ["unknown_task_endings"] = book.UnknownTaskEndings,
            })));
            routes.MapGet("/v1/jobs/{id}", async (string id) =>
                await scheduler.WithBookAsync(book => book.Find(id) is { } job ? JobJson.Detail(job) : null) is { } detail
                    ? Json(detail)
                    : NotFound(id));
            routes.MapDelete("/v1/jobs/{id}", async (string id) =>
                await scheduler.KillAsync(id) ? Json(new JsonObject { ["id"] = id, ["killed"] = true }) : NotFound(id));
        });

    private static async Task<IResult> SubmitAsync(HttpContext context, BatchScheduler scheduler)
    {
        var (source, sourceName, refusal) = await JobFiles.ReadAsync(context);
        if (refusal is not null) return refusal;
        JobSpec spec;
        try { spec = JobSpecParser.Parse(source, sourceName); }
        catch (JobSpecException e) { return Error(StatusCodes.Status400BadRequest, e.Errors); }
        var job = await scheduler.SubmitAsync(spec, source);
        return Json(new JsonObject { ["id"] = job.Id }, StatusCodes.Status201Created);
    }

    private static IResult NotFound(string id) => Error(StatusCodes.Status404NotFound, [$"no job '{id}'"]);
}
