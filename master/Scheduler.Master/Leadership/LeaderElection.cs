namespace Scheduler.Master.Leadership;

/// <summary>
/// Who leads: the cluster singleton runs on the oldest up member with the master role, so that member leads.
/// A leader that is unreachable is treated as no leader until the masters' quorum downing downs it and the next
/// oldest takes over. Each master publishes its HTTP address as a role (<see cref="HttpRolePrefix"/>).
/// </summary>
public static class LeaderElection
{
    public const string HttpRolePrefix = "master-http=";

    public static string HttpRole(string hostname, int httpPort) => $"{HttpRolePrefix}http://{hostname}:{httpPort}/";

    /// <param name="mastersOldestFirst">The up members with the master role, oldest first.</param>
    /// <param name="selfClusterAddress">This node's cluster address.</param>
    public static LeaderView Resolve(IEnumerable<MasterMemberView> mastersOldestFirst, string selfClusterAddress)
    {
        var oldest = mastersOldestFirst.FirstOrDefault();
        if (oldest is null) return LeaderView.NoLeader;
        if (oldest.ClusterAddress == selfClusterAddress) return LeaderView.Self;
        if (!oldest.Reachable) return LeaderView.NoLeader;
        return HttpAddressOf(oldest) is { } http ? LeaderView.Other(http) : LeaderView.NoLeader;
    }

    private static Uri? HttpAddressOf(MasterMemberView member) =>
        member.Roles.Where(r => r.StartsWith(HttpRolePrefix, StringComparison.Ordinal))
            .Select(r => Uri.TryCreate(r[HttpRolePrefix.Length..], UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(uri => uri is not null);
}
