using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.Quota;
using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>Roles' weights and quotas set by operators: validated, kept in the registry, given to the allocator.</summary>
public sealed partial class MasterCore
{
    /// <summary>The weights operators set, by role.</summary>
    public IReadOnlyDictionary<string, double> Weights => _registry.Weights;

    /// <summary>The roles' quotas other than the default, in role order.</summary>
    public IReadOnlyCollection<QuotaConfig> QuotaConfigs => _registry.QuotaConfigs;

    /// <summary>An operator's <c>UPDATE_WEIGHTS</c>: all weights are set, or none when one is invalid.</summary>
    public (string? Error, List<MasterEffect> Effects) UpdateWeights(IReadOnlyList<WeightInfo> weights)
    {
        var error = WeightValidation.Validate(weights);
        if (error is not null) return (error, []);
        var updated = new WeightsUpdated();
        updated.WeightInfos.AddRange(weights.Select(w => new WeightInfo { Role = w.Role.Trim(), Weight = w.Weight }));
        _registry.UpdateWeights(updated.WeightInfos);
        foreach (var weight in updated.WeightInfos) _allocator.UpdateRoleWeight(weight.Role, weight.Weight);
        return (null, [new MasterEffect.Persist(updated)]);
    }

    /// <summary>An operator's <c>UPDATE_QUOTA</c>: all configs are applied, or none when the update is invalid.</summary>
    public (string? Error, List<MasterEffect> Effects) UpdateQuota(Protocol.V1.MasterApi.Call.Types.UpdateQuota update)
    {
        var capacity = _allocator.ClusterTotal.ScalarQuantities();
        var error = QuotaConfigValidation.Validate(update, _registry.QuotaConfigs, _allocator.RoleSubtreeScalarQuantities, capacity);
        if (error is not null) return (error, []);
        var updated = new QuotaConfigsUpdated();
        updated.QuotaConfigs.AddRange(update.QuotaConfigs.Select(c => c.Clone()));
        _registry.UpdateQuotaConfigs(updated.QuotaConfigs);
        foreach (var config in updated.QuotaConfigs) ApplyQuota(config);
        return (null, [new MasterEffect.Persist(updated)]);
    }

    /// <summary>Gives the allocator the weights and quotas of a recovered registry.</summary>
    public void RestoreRoleSettings()
    {
        foreach (var (role, weight) in _registry.Weights) _allocator.UpdateRoleWeight(role, weight);
        foreach (var config in _registry.QuotaConfigs) ApplyQuota(config);
    }

    private void ApplyQuota(QuotaConfig config)
    {
        var guarantee = ResourceSet.Of(config.Guarantees
            .Where(g => ScalarValue.FromDouble(g.Value.Value) > ScalarValue.Zero)
            .Select(g => Scheduler.Resources.Resource.CreateScalar(g.Key, g.Value.Value)));
        _allocator.SetQuotaGuarantee(config.Role, guarantee);
        _allocator.SetQuotaLimit(config.Role, config.Limits.ToDictionary(l => l.Key, l => ScalarValue.FromDouble(l.Value.Value)));
    }
}
