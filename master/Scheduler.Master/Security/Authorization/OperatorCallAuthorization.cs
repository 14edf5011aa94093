using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using CallType = Scheduler.Protocol.V1.MasterApi.Call.Types.Type;

namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// The ACL checks of the operator calls that change the master, made in the master actor with its state at hand
/// (a framework's principal, an agent's hostname). Each returns why the call is refused (for a 403), or null.
/// </summary>
public static class OperatorCallAuthorization
{
    public static string? Denial(Authorizer? authorizer, string? principal, Call call, MasterCore core)
    {
        if (authorizer is null) return null;
        switch (call.Type)
        {
            case CallType.Teardown when call.Teardown?.FrameworkId is { } frameworkId:
            {
                var framework = core.FrameworkById(frameworkId.Value, includeCompleted: false);
                if (framework is null) return null;
                var owner = FrameworkRoleAuthorization.PrincipalOf(framework.Info);
                var decision = authorizer.Decide(AclAction.TeardownFrameworks, principal, owner);
                return decision.Allowed ? null
                    : $"Not authorized to tear down framework '{frameworkId.Value}' of {(owner is null ? "no principal" : $"principal '{owner}'")}: {decision.Reason}";
            }
            case CallType.ReserveResources when call.ReserveResources is { } reserve:
                return OfferOperationAuthorization.ReserveDenial(authorizer, principal, reserve.Resources);
            case CallType.UnreserveResources when call.UnreserveResources is { } unreserve:
                return OfferOperationAuthorization.UnreserveDenial(authorizer, principal, unreserve.Resources);
            case CallType.UpdateQuota when call.UpdateQuota is { } quota:
                return RoleDenial(authorizer, AclAction.UpdateQuotas, principal, quota.QuotaConfigs.Select(c => c.Role), "update the quota of");
            case CallType.UpdateWeights when call.UpdateWeights is { } weights:
                return RoleDenial(authorizer, AclAction.UpdateWeights, principal, weights.WeightInfos.Select(w => w.Role), "update the weight of");
            case CallType.DrainAgent when call.DrainAgent?.AgentId is { } agentId:
                return AgentDenial(authorizer, AclAction.DrainAgents, principal, agentId, core, "drain");
            case CallType.DeactivateAgent when call.DeactivateAgent?.AgentId is { } agentId:
                return AgentDenial(authorizer, AclAction.DeactivateAgents, principal, agentId, core, "deactivate");
            case CallType.ReactivateAgent when call.ReactivateAgent?.AgentId is { } agentId:
                return AgentDenial(authorizer, AclAction.ReactivateAgents, principal, agentId, core, "reactivate");
            case CallType.MarkAgentGone when call.MarkAgentGone?.AgentId is { } agentId:
                return AgentDenial(authorizer, AclAction.MarkAgentsGone, principal, agentId, core, "mark gone");
            case CallType.UpdateMaintenanceSchedule when call.UpdateMaintenanceSchedule?.Schedule is { } schedule:
                return MachineDenial(authorizer, AclAction.UpdateMaintenanceSchedules, principal,
                    schedule.Windows.SelectMany(w => w.MachineIds), "schedule maintenance of");
            case CallType.StartMaintenance when call.StartMaintenance is { } start:
                return MachineDenial(authorizer, AclAction.StartMaintenances, principal, start.Machines, "start maintenance of");
            case CallType.StopMaintenance when call.StopMaintenance is { } stop:
                return MachineDenial(authorizer, AclAction.StopMaintenances, principal, stop.Machines, "stop maintenance of");
            default:
                return null;
        }
    }

    private static string? RoleDenial(Authorizer authorizer, AclAction action, string? principal, IEnumerable<string> roles, string doing)
    {
        var denied = authorizer.FirstDenied(action, principal, roles.Distinct());
        return denied is var (role, decision) ? $"Not authorized to {doing} role '{role}': {decision.Reason}" : null;
    }

    /// <summary>An agent is named in the ACLs by its hostname; one the master does not know is covered only by ANY and NONE.</summary>
    private static string? AgentDenial(Authorizer authorizer, AclAction action, string? principal, AgentID agentId, MasterCore core, string doing)
    {
        var hostname = core.Agents.FirstOrDefault(a => a.Id == agentId.Value)?.Info.Hostname;
        var decision = authorizer.Decide(action, principal, hostname);
        return decision.Allowed ? null : $"Not authorized to {doing} agent '{agentId.Value}': {decision.Reason}";
    }

    /// <summary>A machine is named in the ACLs by its hostname, else its IP.</summary>
    private static string? MachineDenial(Authorizer authorizer, AclAction action, string? principal, IEnumerable<MachineID> machines, string doing)
    {
        var names = machines.Select(m => m.HasHostname && m.Hostname.Length > 0 ? m.Hostname : m.HasIp ? m.Ip : null).Distinct().ToList();
        if (names.Count == 0) names.Add(null);
        var denied = authorizer.FirstDenied(action, principal, names);
        return denied is var (machine, decision)
            ? $"Not authorized to {doing} machine {(machine is null ? "(unnamed)" : $"'{machine}'")}: {decision.Reason}"
            : null;
    }
}
