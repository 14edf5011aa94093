using Google.Protobuf;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;

namespace Scheduler.Master.Registry;

/// <summary>
/// The durable facts of the cluster: admitted agents and known frameworks. Changes arrive as
/// registry events (<see cref="AgentAdmitted"/>, <see cref="FrameworkAdded"/>, <see cref="FrameworkRemoved"/>)
/// and are applied in order, on recovery as when they happen.
/// </summary>
public sealed class MasterRegistry
{
    private readonly Dictionary<string, AgentInfo> _agents = new();
    private readonly Dictionary<string, FrameworkInfo> _frameworks = new();
    private long _agentCounter;
    private long _frameworkCounter;

    public IReadOnlyCollection<AgentInfo> Agents => _agents.Values;
    public IReadOnlyCollection<FrameworkInfo> Frameworks => _frameworks.Values;

    public bool IsAdmitted(string agentId) => _agents.ContainsKey(agentId);

    public bool IsKnownFramework(string frameworkId) => _frameworks.ContainsKey(frameworkId);

    /// <summary>A new agent id, never one the registry already holds (ids are prefixed by the master's id, as Mesos's).</summary>
    public string NextAgentId(string masterId)
    {
        string id;
        do id = $"{masterId}-S{_agentCounter++}";
        while (_agents.ContainsKey(id));
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

    public void RemoveFramework(string frameworkId) => _frameworks.Remove(frameworkId);

    public void Apply(IMessage registryEvent)
    {
        switch (registryEvent)
        {
            case AgentAdmitted admitted: Admit(admitted.AgentInfo); break;
            case FrameworkAdded added: AddFramework(added.FrameworkInfo); break;
            case FrameworkRemoved removed: RemoveFramework(removed.FrameworkId.Value); break;
            case RegistryState state:
                _agents.Clear();
                _frameworks.Clear();
                foreach (var agent in state.Agents) Admit(agent);
                foreach (var framework in state.Frameworks) AddFramework(framework);
                break;
        }
    }

    public RegistryState ToSnapshot()
    {
        var state = new RegistryState();
        state.Agents.AddRange(_agents.Values);
        state.Frameworks.AddRange(_frameworks.Values);
        return state;
    }
}
