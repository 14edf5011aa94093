using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.MasterApi;
using Scheduler.Resources;

namespace Scheduler.Master.Operator;

/// <summary>Copies the master's bookkeeping into the operator API's messages (Mesos's <c>GET_STATE</c> and <c>GET_MASTER</c>).</summary>
public static class OperatorSnapshotBuilder
{
    public static OperatorSnapshot Build(MasterCore core, MasterSettings settings) =>
        new(State(core, settings), Master(core, settings));

    public static Response.Types.GetState State(MasterCore core, MasterSettings settings) => new()
    {
        GetTasks = Tasks(core),
        GetExecutors = new Response.Types.GetExecutors(),
        GetFrameworks = Frameworks(core),
        GetAgents = Agents(core, settings),
    };

    public static Response.Types.GetMaster Master(MasterCore core, MasterSettings settings)
    {
        var info = new MasterInfo
        {
            Id = core.MasterId,
            Ip = PackedIpv4(settings.Hostname),
            Port = (uint)settings.HttpPort,
            Pid = $"master@{settings.Hostname}:{settings.HttpPort}",
            Hostname = settings.Hostname,
            Version = settings.Version,
            Address = new Address { Hostname = settings.Hostname, Ip = settings.Hostname, Port = settings.HttpPort },
        };
        var started = core.StartedAt.ToUnixTimeMilliseconds() / 1000.0;
        return new Response.Types.GetMaster { MasterInfo = info, StartTime = started, ElectedTime = started };
    }

    private static Response.Types.GetAgents Agents(MasterCore core, MasterSettings settings)
    {
        var agents = new Response.Types.GetAgents();
        agents.Agents.AddRange(core.Agents.Select(agent => Agent(agent, settings)));
        return agents;
    }

    /// <summary>One agent as <c>GET_AGENTS</c> lists it.</summary>
    public static Response.Types.GetAgents.Types.Agent Agent(AgentRecord agent, MasterSettings settings)
    {
        var entry = new Response.Types.GetAgents.Types.Agent
        {
            AgentInfo = agent.Info.Clone(),
            Active = agent.Active,
            Deactivated = agent.Deactivated,
            Version = settings.Version,
            Pid = $"slave(1)@{agent.Info.Hostname}:{(agent.Info.HasPort ? agent.Info.Port : 5051)}",
            RegisteredTime = Time(agent.RegisteredAt),
        };
        entry.TotalResources.AddRange(agent.Total.ToProto());
        entry.AllocatedResources.AddRange(agent.Used.ToProto());
        entry.OfferedResources.AddRange(agent.Offered.ToProto());
        if (agent.Drain is not null) entry.DrainInfo = agent.Drain.Clone();
        return entry;
    }

    /// <summary>One framework as <c>GET_FRAMEWORKS</c> lists it.</summary>
    public static Response.Types.GetFrameworks.Types.Framework Framework(FrameworkRecord framework, MasterCore core) =>
        Framework(framework, core, core.Agents.ToDictionary(a => a.Id, a => a.Info));

    private static Response.Types.GetFrameworks Frameworks(MasterCore core)
    {
        var agentInfos = core.Agents.ToDictionary(a => a.Id, a => a.Info);
        var frameworks = new Response.Types.GetFrameworks();
        frameworks.Frameworks.AddRange(core.Frameworks.Select(f => Framework(f, core, agentInfos)));
        frameworks.CompletedFrameworks.AddRange(core.CompletedFrameworks.Select(f => Framework(f, core, agentInfos)));
        return frameworks;
    }

    private static Response.Types.GetFrameworks.Types.Framework Framework(
        FrameworkRecord framework, MasterCore core, IReadOnlyDictionary<string, AgentInfo> agentInfos)
    {
        var offers = core.Offers.Where(o => o.FrameworkId == framework.Id).ToList();
        var entry = new Response.Types.GetFrameworks.Types.Framework
        {
            FrameworkInfo = framework.Info.Clone(),
            Active = framework.Active,
            Connected = framework.Connected,
            Recovered = false,
            RegisteredTime = Time(framework.RegisteredAt),
        };
        entry.Offers.AddRange(offers
            .Where(o => agentInfos.ContainsKey(o.AgentId))
            .Select(o => OfferFactory.Create(o, agentInfos[o.AgentId])));
        var allocated = framework.Tasks.Values.Aggregate(ResourceSet.Empty, (sum, t) => sum + ResourceSet.FromProto(t.Resources));
        entry.AllocatedResources.AddRange(allocated.ToProto());
        entry.OfferedResources.AddRange(offers.Aggregate(ResourceSet.Empty, (sum, o) => sum + o.Resources).ToProto());
        return entry;
    }

    private static Response.Types.GetTasks Tasks(MasterCore core)
    {
        var tasks = new Response.Types.GetTasks();
        foreach (var framework in core.Frameworks.Concat(core.CompletedFrameworks))
        {
            tasks.Tasks.AddRange(framework.Tasks.Values.Select(t => t.Clone()));
            tasks.CompletedTasks.AddRange(framework.CompletedTasks.Select(t => t.Clone()));
        }
        // Tasks of frameworks that have not resubscribed since a failover are listed with the others, as Mesos does.
        tasks.Tasks.AddRange(core.OrphanTasks.Select(t => t.Clone()));
        return tasks;
    }

    private static TimeInfo Time(DateTimeOffset time) => new() { Nanoseconds = time.ToUnixTimeMilliseconds() * 1_000_000 };

    /// <summary>The IPv4 address in network byte order read as a host integer, as Mesos's <c>MasterInfo.ip</c>.</summary>
    private static uint PackedIpv4(string host) =>
        IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? BinaryPrimitives.ReadUInt32LittleEndian(address.GetAddressBytes())
            : 0;
}
