using System.Diagnostics;
using Akka.Actor;
using Google.Protobuf;
using Scheduler.Master;
using Scheduler.Master.Actors;
using Scheduler.Master.Operator;
using Scheduler.Protocol.Internal;
using Scheduler.Resources;
using AgentID = Scheduler.Protocol.V1.AgentID;
using AgentInfo = Scheduler.Protocol.V1.AgentInfo;
using Call = Scheduler.Protocol.V1.SchedulerApi.Call;
using FrameworkID = Scheduler.Protocol.V1.FrameworkID;
using FrameworkInfo = Scheduler.Protocol.V1.FrameworkInfo;

namespace Scheduler.Benchmarks;

/// <summary>
/// Issue 7's failover benchmark. The registry, a SQLite file, is filled with the admitted agents and a framework;
/// the real <see cref="MasterActor"/> recovers it, the simulated agents re-register with it over Akka.Remote on
/// loopback with their tasks, and the framework subscribes. Then that master's actor system is shut down and a
/// standby system, started beforehand on the same registry, starts the master as the cluster singleton would:
/// it recovers the registry, every agent re-registers with its tasks, the framework re-subscribes and is offered
/// every agent again. Both rounds are timed; the second is the failover.
/// </summary>
public sealed class FailoverBenchmark(int agents, int tasksPerAgent, string workDirectory)
{
    private const string MasterName = "master";
    private const string FrameworkId = "benchmark-0000";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    private static readonly ResourceSet AgentResources = ResourceSet.Parse("cpus:20;mem:10240");

    public async Task<(FailoverRound First, FailoverRound Failover)> RunAsync(Action<string> progress)
    {
        var registryPath = Path.Combine(workDirectory, "registry.db");
        var agentSystem = ActorSystem.Create("agents", FailoverNodeConfig.Build(null));
        var firstMaster = ActorSystem.Create("scheduler", FailoverNodeConfig.Build(registryPath));
        var standby = ActorSystem.Create("scheduler", FailoverNodeConfig.Build(registryPath));
        try
        {
            var filling = Stopwatch.GetTimestamp();
            var infos = Enumerable.Range(0, agents).Select(AgentInfoOf).ToList();
            var writer = firstMaster.ActorOf(RegistryWriter.Props(), "registry-writer");
            await writer.Ask<RegistryWriter.Written>(new RegistryWriter.Write(RegistryEvents(infos)), Patience);
            await writer.GracefulStop(Patience);
            progress($"wrote {agents} admitted agents and a framework to the registry in {Stopwatch.GetElapsedTime(filling).TotalSeconds:F1} s");

            var proxy = agentSystem.ActorOf(MasterLocator.Props(), "master-proxy");
            var simulated = infos.Select((info, i) =>
                agentSystem.ActorOf(SimulatedAgent.Props(info, proxy, FrameworkId, tasksPerAgent), $"agent-{i}")).ToList();

            var first = await StartMasterAsync(firstMaster, proxy, simulated, progress);
            progress($"first master: {first}");
            // The master stops first so that its unwatching of the agents goes out before its node's remoting stops.
            var firstLeader = await firstMaster.ActorSelection($"/user/{MasterName}").ResolveOne(Patience);
            await firstLeader.GracefulStop(Patience);
            await firstMaster.Terminate();
            var failover = await StartMasterAsync(standby, proxy, simulated, progress);
            // Stopped while remoting still runs, the agents' death reaches the master instead of failing at shutdown.
            await Task.WhenAll(simulated.Select(agent => agent.GracefulStop(Patience)));
            return (first, failover);
        }
        finally
        {
            await Task.WhenAll(agentSystem.Terminate(), standby.Terminate(), firstMaster.Terminate());
        }
    }

    /// <summary>Starts the master on the node, as the singleton manager does, and times until offers flow for every agent.</summary>
    private async Task<FailoverRound> StartMasterAsync(ActorSystem node, IActorRef proxy, IReadOnlyList<IActorRef> simulated, Action<string> progress)
    {
        var processorBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = GcWork.Now();
        var started = Stopwatch.GetTimestamp();
        var master = node.ActorOf(MasterActor.Props(new MasterSettings { HttpPort = 0 }), MasterName);
        var framework = new FrameworkMilestones(agents);
        var stream = node.ActorOf(FrameworkProbe.Props(framework), "framework-stream");
        master.Tell(new SubscribeFramework(Subscription(), stream), stream);
        proxy.Tell(new MasterLocator.LocateMaster($"{((ExtendedActorSystem)node).Provider.DefaultAddress}/user/{MasterName}"));
        var reregistered = new FailoverCountdown(agents);
        var lost = new SimulatedAgent.MasterLost(reregistered);
        foreach (var agent in simulated) agent.Tell(lost);

        var (recovered, _) = await framework.Subscribed.WaitAsync(Patience);
        var allReregistered = await WithProgress(reregistered, progress);
        var firstOffer = await framework.FirstOffer.WaitAsync(Patience);
        var allOffered = await framework.AllAgentsOffered.WaitAsync(Patience);
        var processor = Process.GetCurrentProcess().TotalProcessorTime - processorBefore;
        var gc = GcWork.Now() - gcBefore;

        var snapshot = await master.Ask<OperatorSnapshot>(GetOperatorSnapshot.Instance, Patience);
        return new FailoverRound(
            Since(started, recovered), Since(started, allReregistered), Since(started, firstOffer), Since(started, allOffered),
            processor, gc, snapshot.State.GetAgents.Agents.Count, snapshot.State.GetTasks.Tasks.Count);
    }

    private static TimeSpan Since(long start, long end) => Stopwatch.GetElapsedTime(start, end);

    private static async Task<long> WithProgress(FailoverCountdown countdown, Action<string> progress)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Patience.TotalSeconds * Stopwatch.Frequency);
        while (!countdown.Reached.IsCompleted)
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"Gave up waiting: {countdown.Count} re-registered");
            await Task.WhenAny(countdown.Reached, Task.Delay(TimeSpan.FromSeconds(5)));
            if (!countdown.Reached.IsCompleted) progress($"re-registered {countdown.Count}");
        }
        return await countdown.Reached;
    }

    private static List<IMessage> RegistryEvents(IEnumerable<AgentInfo> infos)
    {
        var events = new List<IMessage> { new FrameworkAdded { FrameworkInfo = Subscription().FrameworkInfo } };
        events.AddRange(infos.Select(info => new AgentAdmitted { AgentInfo = info }));
        return events;
    }

    private static AgentInfo AgentInfoOf(int index)
    {
        var info = new AgentInfo { Id = new AgentID { Value = $"benchmark-S{index}" }, Hostname = $"agent{index}", Port = 5051 };
        info.Resources.AddRange(AgentResources.ToProto());
        return info;
    }

    private static Call.Types.Subscribe Subscription() => new()
    {
        FrameworkInfo = new FrameworkInfo
        {
            Id = new FrameworkID { Value = FrameworkId }, User = "benchmark", Name = "failover-benchmark", FailoverTimeout = 3600,
        },
    };
}
