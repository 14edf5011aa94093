using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Scheduler.Master.Actors;
using Scheduler.Master.Security.Authorization;
using Scheduler.Security.Authentication;

namespace Scheduler.Master.Operator;

/// <summary>
/// <c>GET /master/state-summary</c>: <see cref="StateSummaryJson"/> from a snapshot the master actor takes, without the
/// frameworks the principal may not view (<c>view_frameworks</c>), as Mesos.
/// </summary>
public sealed class StateSummaryEndpoint(IActorRef master, MasterSettings settings)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public async Task HandleAsync(HttpContext context)
    {
        OperatorSnapshot snapshot;
        try
        {
            snapshot = await master.Ask<OperatorSnapshot>(GetOperatorSnapshot.Instance, AskTimeout, context.RequestAborted);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsync("Master is not ready");
            return;
        }
        context.Response.ContentType = "application/json";
        var state = StateViewFilter.FilterFrameworks(settings.Authorizer, AuthenticatedPrincipal.Of(context), snapshot.State);
        await context.Response.WriteAsync(StateSummaryJson.Render(snapshot with { State = state }, settings));
    }
}
