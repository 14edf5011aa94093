using Google.Protobuf;
using Scheduler.Master.Allocation;
using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Registry;
using Scheduler.Master.Security.Authorization;
using Scheduler.Master.Tests.Allocation;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>
/// A master's plain logic on a clock the test moves, with a real allocator visiting agents in a
/// deterministic order and a real registry, plus shortcuts for the steps most tests take.
/// </summary>
public sealed class MasterUnderTest
{
    public const string DefaultMasterId = "master-1";

    /// <param name="masterId">The id this master gives out ids under.</param>
    /// <param name="recoveredRegistry">The registry a newly elected master recovered; empty by default.</param>
    /// <param name="offerTimeout">When the master rescinds unanswered offers; never by default.</param>
    /// <param name="agentRemovalRateLimit">How fast lost agents are marked unreachable; at once by default.</param>
    /// <param name="registryGc">Which unreachable and gone agents the registry forgets; Mesos's defaults by default.</param>
    /// <param name="authorizer">The ACLs launches and reservations are checked against; none by default.</param>
    public MasterUnderTest(string masterId = DefaultMasterId, MasterRegistry? recoveredRegistry = null, TimeSpan? offerTimeout = null,
        AgentRemovalRateLimiter? agentRemovalRateLimit = null, RegistryGarbageCollector? registryGc = null, Authorizer? authorizer = null)
    {
        Registry = recoveredRegistry ?? new MasterRegistry();
        Core = new MasterCore(masterId, Clock, new Allocator(Clock, new RoundRobinAgentOrder()), Registry)
        {
            OfferTimeout = offerTimeout,
            AgentRemovalRateLimit = agentRemovalRateLimit,
            RegistryGc = registryGc ?? RegistryGarbageCollector.Default,
            Authorizer = authorizer,
        };
    }

    public ManualClock Clock { get; } = new();
    public MasterRegistry Registry { get; }
    public MasterCore Core { get; }

    public string AddAgent(string resources, string hostname = "agent-1.example.org") =>
        Core.RegisterAgent(Agents.With(resources, hostname)).AgentId;

    public SubscribedFramework Subscribe(string name) => Subscribe(Frameworks.Named(name));

    public SubscribedFramework Subscribe(Call.Types.Subscribe subscribe)
    {
        var (outcome, _) = Core.Subscribe(subscribe);
        Assert.That(outcome.Error, Is.Null, "subscription refused");
        return new SubscribedFramework(outcome.FrameworkId!, outcome.StreamId!);
    }

    /// <summary>Makes a call on the framework's current stream; the master must accept it.</summary>
    public List<MasterEffect> Call(SubscribedFramework framework, Call call)
    {
        var (outcome, effects) = Core.Handle(call, framework.StreamId);
        Assert.That(outcome, Is.EqualTo(CallOutcome.Accepted), outcome.Error);
        return effects;
    }

    public List<Offer> AllocateOffersTo(SubscribedFramework framework) => Core.Allocate().OffersTo(framework.Id);

    public Offer SingleOfferTo(SubscribedFramework framework)
    {
        var offers = AllocateOffersTo(framework);
        Assert.That(offers, Has.Count.EqualTo(1), "offers made");
        return offers[0];
    }

    /// <summary>Accepts the framework's next offer with one task using <paramref name="resources"/>; returns the RunTask sent.</summary>
    public RunTask Launch(SubscribedFramework framework, string taskId, string resources)
    {
        var offer = SingleOfferTo(framework);
        var effects = Call(framework, Calls.Accept(framework.Id, offer.Id.Value, TaskInfos.Shell(taskId, resources)));
        var runs = effects.MessagesTo<RunTask>(offer.AgentId.Value);
        Assert.That(runs, Has.Count.EqualTo(1), "tasks sent to the agent");
        return runs[0];
    }

    /// <summary>The agent reports a state of a task it runs, as its status update manager would.</summary>
    public (TaskStatus Status, List<MasterEffect> Effects) Report(RunTask run, TaskState state)
    {
        var status = new TaskStatus
        {
            TaskId = run.Task.TaskId,
            AgentId = run.Task.AgentId,
            State = state,
            Source = TaskStatus.Types.Source.Executor,
            Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
            Timestamp = Clock.Now.ToUnixTimeSeconds(),
        };
        var effects = Core.StatusUpdateReported(new StatusUpdateReported { FrameworkId = run.Framework.Id, Status = status });
        return (status, effects);
    }

    public FrameworkRecord Record(SubscribedFramework framework) => Core.Frameworks.Single(f => f.Id == framework.Id);

    public AgentRecord Agent(string agentId) => Core.Agents.Single(a => a.Id == agentId);
}
