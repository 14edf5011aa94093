using Google.Protobuf;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.Quota;

namespace Scheduler.Master.Registry;

/// <summary>
/// The durable facts of the cluster: admitted agents, unreachable and gone agents with since when, known
/// frameworks, and the roles' weights and quotas an operator set. Changes arrive as registry events
/// (<see cref="AgentAdmitted"/>, <see cref="AgentMarkedUnreachable"/>, <see cref="AgentMarkedReachable"/>,
/// <see cref="AgentMarkedGone"/>, <see cref="RegistryPruned"/>, <see cref="FrameworkAdded"/>,
/// <see cref="FrameworkRemoved"/>, <see cref="WeightsUpdated"/>, <see cref="QuotaConfigsUpdated"/>) and are
/// applied in order, on recovery as when they happen.
/// </summary>
public sealed class MasterRegistry
{
    private readonly Dictionary<string, AgentInfo> _agents = new();
    private readonly Dictionary<string, UnreachableAgent> _unreachableAgents = new();
    private readonly Dictionary<string, GoneAgent> _goneAgents = new();
    private readonly Dictionary<string, FrameworkInfo> _frameworks = new();
    private readonly SortedDictionary<string, double> _weights = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, QuotaConfig> _quotaConfigs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentDrainUpdated> _drains = new();
    private long _agentCounter;
    private long _frameworkCounter;

    public IReadOnlyCollection<AgentInfo> Agents => _agents.Values;
    public IReadOnlyCollection<FrameworkInfo> Frameworks => _frameworks.Values;

    /// <summary>Agents the master lost contact with, which may still re-register.</summary>
    public IReadOnlyCollection<UnreachableAgent> UnreachableAgents => _unreachableAgents.Values;

    /// <summary>Agents an operator marked gone, which may never re-register.</summary>
    public IReadOnlyCollection<GoneAgent> GoneAgents => _goneAgents.Values;

    /// <summary>The weights operators set, by role, in role order.</summary>
    public IReadOnlyDictionary<string, double> Weights => _weights;

    /// <summary>The roles' quotas other than the default (no guarantees, no limits), in role order.</summary>
    public IReadOnlyCollection<QuotaConfig> QuotaConfigs => _quotaConfigs.Values;

    public bool IsAdmitted(string agentId) => _agents.ContainsKey(agentId);

    public bool IsUnreachable(string agentId) => _unreachableAgents.ContainsKey(agentId);

    public bool IsGone(string agentId) => _goneAgents.ContainsKey(agentId);

    public bool IsKnownFramework(string frameworkId) => _frameworks.ContainsKey(frameworkId);

    /// <summary>Whether offers for the agent are off and how far its draining got; null for an agent never deactivated.</summary>
    public AgentDrainUpdated? DrainOf(string agentId) => _drains.GetValueOrDefault(agentId);

    /// <summary>The maintenance schedule and the machines DOWN, as last saved; null before any.</summary>
    public MaintenanceUpdated? Maintenance { get; private set; }

    public void UpdateMaintenance(MaintenanceUpdated maintenance) => Maintenance = maintenance.Clone();

    public void UpdateDrain(AgentDrainUpdated drain)
    {
        if (drain.Deactivated) _drains[drain.AgentId.Value] = drain.Clone();
        else _drains.Remove(drain.AgentId.Value);
    }

    /// <summary>A new agent id, never one the registry already holds (ids are prefixed by the master's id, as Mesos's).</summary>
    public string NextAgentId(string masterId)
    {
        string id;
        do id = $"{masterId}-S{_agentCounter++}";
        while (_agents.ContainsKey(id) || _unreachableAgents.ContainsKey(id) || _goneAgents.ContainsKey(id));
        return id;
    }

    /// <summary>A new framework id, never one the registry already holds.</summary>
    public string NextFrameworkId(string masterId)
    {
        string id;
        do id = $"{masterId}-{_frameworkCounter++:D4}";
        while (_frameworks.ContainsKey(id));
        return id;
    }

    public void Admit(AgentInfo info) => _agents[info.Id.Value] = info;

    public void AddFramework(FrameworkInfo info) => _frameworks[info.Id.Value] = info;

    public void MarkUnreachable(AgentInfo info, TimeInfo since)
    {
        _agents.Remove(info.Id.Value);
        _unreachableAgents[info.Id.Value] = new UnreachableAgent { AgentInfo = info, Timestamp = since };
    }

    public void MarkReachable(AgentInfo info)
    {
        _unreachableAgents.Remove(info.Id.Value);
        Admit(info);
    }

    public void MarkGone(AgentID agentId, TimeInfo since, string? hostname)
    {
        _drains.Remove(agentId.Value);
        _agents.Remove(agentId.Value);
        _unreachableAgents.Remove(agentId.Value);
        var gone = new GoneAgent { AgentId = agentId, Timestamp = since };
        if (hostname is not null) gone.Hostname = hostname;
        _goneAgents[agentId.Value] = gone;
    }

    public void Prune(RegistryPruned pruned)
    {
        foreach (var id in pruned.UnreachableAgentIds) _unreachableAgents.Remove(id.Value);
        foreach (var id in pruned.GoneAgentIds) _goneAgents.Remove(id.Value);
    }

    public void RemoveFramework(string frameworkId) => _frameworks.Remove(frameworkId);

    public void UpdateWeights(IEnumerable<WeightInfo> weights)
    {
        foreach (var weight in weights) _weights[weight.Role] = weight.Weight;
    }

    /// <summary>Sets each config's role to its quota; one without guarantees and limits drops the role's quota.</summary>
    public void UpdateQuotaConfigs(IEnumerable<QuotaConfig> configs)
    {
        foreach (var config in configs)
        {
            if (config.Guarantees.Count == 0 && config.Limits.Count == 0) _quotaConfigs.Remove(config.Role);
            else _quotaConfigs[config.Role] = config.Clone();
        }
    }

    public void Apply(IMessage registryEvent)
    {
        switch (registryEvent)
        {
            case AgentAdmitted admitted: Admit(admitted.AgentInfo); break;
            case AgentMarkedUnreachable unreachable: MarkUnreachable(unreachable.AgentInfo, unreachable.UnreachableTime); break;
            case AgentMarkedReachable reachable: MarkReachable(reachable.AgentInfo); break;
            case AgentMarkedGone gone: MarkGone(gone.AgentId, gone.GoneTime, gone.HasHostname ? gone.Hostname : null); break;
            case RegistryPruned pruned: Prune(pruned); break;
            case FrameworkAdded added: AddFramework(added.FrameworkInfo); break;
            case FrameworkRemoved removed: RemoveFramework(removed.FrameworkId.Value); break;
            case WeightsUpdated updated: UpdateWeights(updated.WeightInfos); break;
            case QuotaConfigsUpdated updated: UpdateQuotaConfigs(updated.QuotaConfigs); break;
            case AgentDrainUpdated drain: UpdateDrain(drain); break;
            case MaintenanceUpdated maintenance: UpdateMaintenance(maintenance); break;
            case RegistryState state:
                _agents.Clear();
                _unreachableAgents.Clear();
                _goneAgents.Clear();
                _frameworks.Clear();
                _weights.Clear();
                _quotaConfigs.Clear();
                _drains.Clear();
                foreach (var agent in state.Agents) Admit(agent);
                foreach (var agent in state.UnreachableAgents) _unreachableAgents[agent.AgentInfo.Id.Value] = agent;
                foreach (var agent in state.GoneAgents) _goneAgents[agent.AgentId.Value] = agent;
                foreach (var framework in state.Frameworks) AddFramework(framework);
                UpdateWeights(state.Weights);
                UpdateQuotaConfigs(state.QuotaConfigs);
                foreach (var drain in state.AgentDrains) UpdateDrain(drain);
                Maintenance = state.Maintenance?.Clone();
                break;
        }
    }

    public RegistryState ToSnapshot()
    {
        var state = new RegistryState();
        state.Agents.AddRange(_agents.Values);
        state.UnreachableAgents.AddRange(_unreachableAgents.Values);
        state.GoneAgents.AddRange(_goneAgents.Values);
        state.Frameworks.AddRange(_frameworks.Values);
        state.Weights.AddRange(_weights.Select(pair => new WeightInfo { Role = pair.Key, Weight = pair.Value }));
        state.QuotaConfigs.AddRange(_quotaConfigs.Values);
        state.AgentDrains.AddRange(_drains.Values);
        if (Maintenance is not null) state.Maintenance = Maintenance.Clone();
        return state;
    }
}
