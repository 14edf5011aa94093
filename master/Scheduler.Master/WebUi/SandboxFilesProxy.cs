using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Scheduler.Master.Actors;

namespace Scheduler.Master.WebUi;

/// <summary>
/// <c>GET /master/agents/{agentId}/files/read</c>: the agent's <c>/files/read</c> through the master, for the web UI.
/// The caller's <c>Authorization</c> header goes along, so an agent that requires authentication (with the master's
/// credentials) answers the browser that authenticated to the master, and the browser need not reach the agents.
/// </summary>
public sealed class SandboxFilesProxy(IActorRef master)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task HandleAsync(HttpContext context, string agentId)
    {
        JsonNode? state;
        try { state = JsonNode.Parse(await master.Ask<string>(GetMasterState.Instance, TimeSpan.FromSeconds(10), context.RequestAborted)); }
        catch (AskTimeoutException)
        {
            await AnswerAsync(context, StatusCodes.Status503ServiceUnavailable, "Master is not ready");
            return;
        }
        var agent = state?["slaves"]?.AsArray().OfType<JsonObject>().FirstOrDefault(a => a["id"]?.ToString() == agentId);
        if (agent is null)
        {
            await AnswerAsync(context, StatusCodes.Status404NotFound, $"No agent '{agentId}' is known to the master");
            return;
        }
        var address = new UriBuilder("http", agent["hostname"]?.ToString(), agent["port"]?.GetValue<int>() ?? 5051, "files/read")
        {
            Query = context.Request.QueryString.Value ?? "",
        }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        try
        {
            using var response = await Http.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            await AnswerAsync(context, StatusCodes.Status502BadGateway, $"The agent at {address.Authority} did not answer: {e.Message}");
        }
    }

    private static async Task AnswerAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text);
    }
}
