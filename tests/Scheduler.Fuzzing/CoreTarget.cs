using Google.Protobuf;
using Scheduler.Master.Allocation;
using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Http;
using WireFormat = Scheduler.Master.Http.WireFormat;
using Scheduler.Master.Registry;
using Scheduler.Protocol;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Fuzzing;

/// <summary>
/// The master's core with agents, frameworks and outstanding offers, fed what the endpoint would pass it: ACCEPTs
/// built from real offers and then bent (and sometimes their encoding too), other calls, declines, status updates
/// and allocation cycles. Property: the core never throws and <see cref="CoreInvariants"/> hold after every input.
/// </summary>
public sealed class CoreTarget : IFuzzTarget
{
    private const int InputsPerCluster = 2_000;
    private const string Allocate = "allocate", Status = "status-update";

    private static readonly string[] AgentResources =
    [
        "cpus:4;mem:4096;disk:4096;ports:[31000-31100]",
        "cpus(web):2;mem(web):1024;cpus:2;mem:2048",
        "cpus:1;mem:512;gpus:1",
    ];

    private static readonly TaskState[] States =
        [TaskState.TaskRunning, TaskState.TaskFinished, TaskState.TaskFinished, TaskState.TaskFailed, TaskState.TaskKilled, TaskState.TaskLost, TaskState.TaskStarting];

    private FuzzClock _clock = null!;
    private Allocator _allocator = null!;
    private MasterCore _core = null!;
    private long _inputs;
    private int _frameworksSubscribed;

    public CoreTarget() => StartCluster();

    public string Name => "master-core-accept";

    /// <summary>Tasks the core launched and refused over the whole run, to tell that the inputs reach both.</summary>
    public long TasksLaunched { get; private set; }

    public long TasksRefused { get; private set; }

    public FuzzCase Generate(Random random)
    {
        var action = random.Next(100);
        var framework = _core.Frameworks.Count == 0 ? null : _core.Frameworks.ElementAt(random.Next(_core.Frameworks.Count));
        if (framework is null || action >= 92) return new FuzzCase(Name, Allocate, [(byte)random.Next(1, 7)], WireFormat.Kind.Protobuf);
        var held = _core.Offers.Where(o => o.FrameworkId == framework.Id).Select(AsOffer).ToList();
        if (action < 74 && held.Count == 0) return new FuzzCase(Name, Allocate, [(byte)random.Next(1, 7)], WireFormat.Kind.Protobuf);
        if (action >= 74) return StatusUpdate(random, framework);

        var call = action switch
        {
            < 55 => AcceptGenerator.Generate(random, framework.Id, held, framework.Tasks.Keys.ToList()),
            < 65 => Decline(framework.Id, held[random.Next(held.Count)]),
            _ => RandomSchedulerCalls.Next(random),
        };
        if (action >= 65 && random.Next(4) > 0) call.FrameworkId = new FrameworkID { Value = framework.Id };
        var strategy = action < 55 ? "accept" : action < 65 ? "decline" : "any-call";
        var json = random.Next(2) == 0;
        var body = json ? System.Text.Encoding.UTF8.GetBytes(MesosJson.Format(call)) : call.ToByteArray();
        if (random.Next(5) == 0)
        {
            body = ByteMutator.Mutate(body, random);
            strategy += "-mutated";
        }
        return new FuzzCase(Name, strategy, body, json ? WireFormat.Kind.Json : WireFormat.Kind.Protobuf);
    }

    public FuzzVerdict Execute(FuzzCase input)
    {
        var verdict = input.Strategy switch
        {
            Allocate => AllocateAfter(TimeSpan.FromSeconds(input.Body[0])),
            Status => Report(input.Body),
            _ => Handle(input),
        };
        CoreInvariants.Check(_core, _allocator);
        if (++_inputs % InputsPerCluster == 0) StartCluster();
        else SubscribeMissingFrameworks();
        return verdict;
    }

    private FuzzVerdict AllocateAfter(TimeSpan elapsed)
    {
        _clock.Advance(elapsed);
        _core.Allocate();
        return FuzzVerdict.Accepted;
    }

    private FuzzVerdict Report(byte[] body)
    {
        var update = StatusUpdateReported.Parser.ParseFrom(body);
        _core.StatusUpdateReported(update);
        return FuzzVerdict.Accepted;
    }

    /// <summary>What the scheduler endpoint does with a body before and when it reaches the master.</summary>
    private FuzzVerdict Handle(FuzzCase input)
    {
        Call call;
        try
        {
            call = WireFormat.ParseMessage<Call>(input.Body, input.Format);
        }
        catch (Exception e) when (ApiRequest.IsParseError(e))
        {
            return FuzzVerdict.Rejected;
        }
        if (CallValidation.Validate(call) is not null || call.Type == Call.Types.Type.Subscribe) return FuzzVerdict.Rejected;
        var framework = _core.Frameworks.FirstOrDefault(f => f.Id == call.FrameworkId.Value);
        var (launchedBefore, refusedBefore) = TaskCounts();
        var (outcome, _) = _core.Handle(call, framework?.StreamId ?? "no-stream");
        var (launchedAfter, refusedAfter) = TaskCounts();
        TasksLaunched += Math.Max(0, launchedAfter - launchedBefore);
        TasksRefused += Math.Max(0, refusedAfter - refusedBefore);
        return outcome.IsAccepted ? FuzzVerdict.Accepted : FuzzVerdict.Rejected;
    }

    private (long Launched, long Refused) TaskCounts() =>
        (_core.Frameworks.Sum(f => (long)f.Stats.TasksLaunched), _core.Frameworks.Sum(f => (long)f.Stats.TasksRefused));

    private FuzzCase StatusUpdate(Random random, FrameworkRecord framework)
    {
        var tasks = framework.Tasks.Values.ToList();
        var task = tasks.Count == 0 ? null : tasks[random.Next(tasks.Count)];
        var status = new TaskStatus
        {
            TaskId = task?.TaskId ?? new TaskID { Value = $"task-{random.Next(100)}" },
            State = random.Next(20) == 0 ? (TaskState)random.Next(20, 100) : States[random.Next(States.Length)],
            Source = TaskStatus.Types.Source.Executor,
            Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
            Timestamp = _clock.Now.ToUnixTimeSeconds(),
        };
        if (task is not null && random.Next(10) > 0) status.AgentId = task.AgentId;
        var frameworkId = random.Next(15) == 0 ? "unknown-framework" : framework.Id;
        var update = new StatusUpdateReported { FrameworkId = new FrameworkID { Value = frameworkId }, Status = status };
        return new FuzzCase(Name, Status, update.ToByteArray(), WireFormat.Kind.Protobuf);
    }

    private static Call Decline(string frameworkId, Offer offer) => new()
    {
        FrameworkId = new FrameworkID { Value = frameworkId },
        Type = Call.Types.Type.Decline,
        Decline = new Call.Types.Decline { OfferIds = { offer.Id }, Filters = new Filters { RefuseSeconds = 1 } },
    };

    private static Offer AsOffer(OfferRecord record)
    {
        var offer = new Offer
        {
            Id = new OfferID { Value = record.OfferId }, AgentId = new AgentID { Value = record.AgentId },
            FrameworkId = new FrameworkID { Value = record.FrameworkId }, Hostname = "fuzz",
        };
        offer.Resources.AddRange(record.Resources.ToProto());
        return offer;
    }

    private void StartCluster()
    {
        _clock = new FuzzClock();
        _allocator = new Allocator(_clock, new RoundRobinAgentOrder());
        _core = new MasterCore("fuzz-master", _clock, _allocator, new MasterRegistry());
        _frameworksSubscribed = 0;
        for (var i = 0; i < AgentResources.Length; i++)
        {
            var info = new AgentInfo { Hostname = $"agent-{i}.fuzz" };
            info.Resources.AddRange(ResourceSet.Parse(AgentResources[i]).ToProto());
            _core.RegisterAgent(new RegisterAgent { AgentInfo = info, Version = "fuzz" });
        }
        SubscribeMissingFrameworks();
    }

    /// <summary>Three frameworks at all times (a TEARDOWN may remove one): in the default role, in <c>web</c>, and in two roles.</summary>
    private void SubscribeMissingFrameworks()
    {
        while (_core.Frameworks.Count < 3)
        {
            var info = new FrameworkInfo { User = "fuzz", Name = $"fuzz-{_frameworksSubscribed}" };
            switch (_frameworksSubscribed++ % 3)
            {
                case 1: info.Roles.Add("web"); info.Capabilities.Add(MultiRole()); break;
                case 2: info.Roles.AddRange(["web", "eng/batch"]); info.Capabilities.Add(MultiRole()); break;
            }
            var (outcome, _) = _core.Subscribe(new Call.Types.Subscribe { FrameworkInfo = info });
            if (!outcome.IsAccepted) throw new InvalidOperationException($"the fuzzer's framework was refused: {outcome.Error}");
        }
    }

    private static FrameworkInfo.Types.Capability MultiRole() => new() { Type = FrameworkInfo.Types.Capability.Types.Type.MultiRole };
}
