using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using Scheduler.Protocol.V1.Quota;
using CallType = Scheduler.Protocol.V1.MasterApi.Call.Types.Type;
using ResponseType = Scheduler.Protocol.V1.MasterApi.Response.Types.Type;

namespace Scheduler.Master.Operator;

/// <summary>
/// The operator calls on roles' weights and quotas (<c>GET_WEIGHTS</c>, <c>UPDATE_WEIGHTS</c>, <c>GET_QUOTA</c>,
/// <c>UPDATE_QUOTA</c>), answered inside the master actor because the updates change the master's state.
/// </summary>
public static class RoleSettingsCalls
{
    private static readonly HashSet<CallType> Handled = [CallType.GetWeights, CallType.UpdateWeights, CallType.GetQuota, CallType.UpdateQuota];

    public static bool Handles(CallType type) => Handled.Contains(type);

    public static (OperatorCallOutcome Outcome, List<MasterEffect> Effects) Handle(MasterCore core, Call call)
    {
        switch (call.Type)
        {
            case CallType.GetWeights:
                return (OperatorCallOutcome.Answered(new Response { Type = ResponseType.GetWeights, GetWeights = Weights(core) }), []);
            case CallType.GetQuota:
                return (OperatorCallOutcome.Answered(new Response
                {
                    Type = ResponseType.GetQuota,
                    GetQuota = new Response.Types.GetQuota { Status = QuotaStatus(core) },
                }), []);
            case CallType.UpdateWeights:
                if (call.UpdateWeights is null)
                    return (OperatorCallOutcome.BadRequest("Failed to validate master::Call: Expecting 'update_weights' to be present"), []);
                var (weightsError, weightsEffects) = core.UpdateWeights(call.UpdateWeights.WeightInfos);
                return (weightsError is null ? OperatorCallOutcome.Done : OperatorCallOutcome.BadRequest(weightsError), weightsEffects);
            case CallType.UpdateQuota:
                if (call.UpdateQuota is null)
                    return (OperatorCallOutcome.BadRequest("Failed to validate master::Call: Expecting 'update_quota' to be present"), []);
                var (quotaError, quotaEffects) = core.UpdateQuota(call.UpdateQuota);
                return (quotaError is null ? OperatorCallOutcome.Done : OperatorCallOutcome.BadRequest(quotaError), quotaEffects);
            default:
                throw new ArgumentException($"'{call.Type}' is not a call on weights or quotas", nameof(call));
        }
    }

    public static Response.Types.GetWeights Weights(MasterCore core)
    {
        var weights = new Response.Types.GetWeights();
        weights.WeightInfos.AddRange(core.Weights.Select(pair => new WeightInfo { Role = pair.Key, Weight = pair.Value }));
        return weights;
    }

    /// <summary>Every non-default quota, as <c>configs</c> and, for older clients, as guarantees in <c>infos</c>.</summary>
    public static QuotaStatus QuotaStatus(MasterCore core)
    {
        var status = new QuotaStatus();
        foreach (var config in core.QuotaConfigs)
        {
            var info = new QuotaInfo { Role = config.Role };
            info.Guarantee.AddRange(config.Guarantees.Select(g => new Resource
            {
                Name = g.Key,
                Type = Value.Types.Type.Scalar,
                Scalar = g.Value.Clone(),
            }));
            status.Infos.Add(info);
            status.Configs.Add(config.Clone());
        }
        return status;
    }

    /// <summary>Mesos's <c>GET /weights</c>: a JSON array of <c>{"role", "weight"}</c>.</summary>
    public static string WeightsJson(MasterCore core) =>
        "[" + string.Join(",", Weights(core).WeightInfos.Select(MesosJson.Format)) + "]";

    /// <summary>Mesos's <c>GET /quota</c>: the quota status as JSON.</summary>
    public static string QuotaStatusJson(MasterCore core) => MesosJson.Format(QuotaStatus(core));
}
