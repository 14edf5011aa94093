namespace Scheduler.Master.Leadership;

/// <summary>
/// What a standby master does with a request, as Mesos's masters: the scheduler and operator APIs and the
/// <c>/master/*</c> reads go to the leader with a 307 keeping path and query, <c>/master/redirect</c> goes to the
/// leader's base address (also on the leader itself), and with no leader known the answer is 503
/// "No leader elected". Health, the cluster address for joining agents, metrics and the web UI are served by
/// every node.
/// </summary>
public static class StandbyRedirect
{
    public const string NoLeader = "No leader elected";

    private static readonly string[] LocalPaths = ["/master/health", "/health", "/master/cluster", "/metrics", "/metrics/snapshot", "/"];
    private static readonly string[] RedirectPaths = ["/master/redirect", "/redirect"];
    private static readonly string[] LeaderPaths = ["/state", "/state.json", "/weights", "/quota"];

    public static RedirectDecision Decide(LeaderView leader, Uri selfHttp, string path, string query)
    {
        if (RedirectPaths.Contains(path, StringComparer.Ordinal))
        {
            if (leader.SelfLeads) return new RedirectDecision.Redirect(Base(selfHttp));
            return leader.LeaderHttp is { } http ? new RedirectDecision.Redirect(Base(http)) : new RedirectDecision.Unavailable(NoLeader);
        }
        if (leader.SelfLeads || LocalPaths.Contains(path, StringComparer.Ordinal) || !ForLeader(path))
            return RedirectDecision.ServeHere;
        return leader.LeaderHttp is { } leaderHttp
            ? new RedirectDecision.Redirect(Base(leaderHttp) + path + query)
            : new RedirectDecision.Unavailable(NoLeader);
    }

    private static bool ForLeader(string path) =>
        path == "/api/v1" || path.StartsWith("/api/v1/", StringComparison.Ordinal)
        || path.StartsWith("/master/", StringComparison.Ordinal)
        || LeaderPaths.Contains(path, StringComparer.Ordinal);

    private static string Base(Uri http) => http.GetLeftPart(UriPartial.Authority);
}
