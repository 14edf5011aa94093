using System.Diagnostics;
using Google.Protobuf;
using Scheduler.Master.Allocation;
using Scheduler.Master.Bookkeeping;
using Scheduler.Master.Registry;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Cli.Simulation;

/// <summary>
/// The master's allocation loop at scale, in one process and in simulated time: a real
/// <see cref="MasterCore"/> and <see cref="Allocator"/>, agents that only register and report
/// tasks finished, and frameworks that launch small tasks from offers until they have what
/// they want and decline the rest with the default refusal.
/// </summary>
public sealed class ClusterSimulation(SimulationSettings settings)
{
    private readonly SimulatedClock clock = new();
    private readonly Dictionary<string, SimulatedFramework> frameworks = new(StringComparer.Ordinal);
    private readonly PriorityQueue<RunTask, DateTimeOffset> runningTasks = new();
    private readonly List<TaskInfo> launchBuffer = [];
    private MasterCore core = null!;
    private long offersMade;
    private long offersDeclined;
    private long tasksLaunched;
    private long tasksFinished;

    public SimulationReport Run()
    {
        var wall = Stopwatch.StartNew();
        core = new MasterCore("sim", clock, new Allocator(clock, allocationInterval: SimulationSettings.AllocationInterval), new MasterRegistry());
        RegisterAgents();
        SubscribeFrameworks();
        var setupTime = wall.Elapsed;

        var cycleTimes = new List<TimeSpan>();
        for (var second = 0; second < settings.Seconds; second++)
        {
            FinishDueTasks();
            var cycle = Stopwatch.StartNew();
            var effects = core.Allocate();
            cycleTimes.Add(cycle.Elapsed);
            foreach (var effect in effects)
            {
                if (effect is MasterEffect.ToFramework { Event.Type: Event.Types.Type.Offers } toFramework)
                {
                    AnswerOffers(frameworks[toFramework.FrameworkId], toFramework.Event.Offers.Offers_);
                }
            }

            clock.Advance(SimulationSettings.AllocationInterval);
        }

        return new SimulationReport(
            settings, offersMade, offersDeclined, tasksLaunched, tasksFinished,
            frameworks.Values.Count(framework => !framework.EverOffered),
            cycleTimes, setupTime, wall.Elapsed, GC.GetTotalMemory(forceFullCollection: true), System.Environment.WorkingSet);
    }

    private void RegisterAgents()
    {
        var resources = ResourceSet.Parse(SimulationSettings.AgentResources).ToProto();
        for (var i = 0; i < settings.Agents; i++)
        {
            var info = new AgentInfo { Hostname = $"sim-agent-{i}" };
            info.Resources.AddRange(resources);
            core.RegisterAgent(new RegisterAgent { AgentInfo = info, Version = "sim" });
        }
    }

    private void SubscribeFrameworks()
    {
        for (var i = 0; i < settings.Frameworks; i++)
        {
            var subscribe = new Call.Types.Subscribe
            {
                FrameworkInfo = new FrameworkInfo { Name = $"sim-framework-{i}", User = "sim" },
            };
            var (outcome, _) = core.Subscribe(subscribe);
            if (!outcome.IsAccepted)
            {
                throw new InvalidOperationException($"The simulated master refused a framework: {outcome.Error}");
            }

            frameworks[outcome.FrameworkId!] = new SimulatedFramework(outcome.FrameworkId!, outcome.StreamId!);
        }
    }

    private void AnswerOffers(SimulatedFramework framework, IEnumerable<Offer> offers)
    {
        var task = ResourceSet.Parse(SimulationSettings.TaskResources);
        foreach (var offer in offers)
        {
            offersMade++;
            framework.EverOffered = true;
            var available = ResourceSet.FromProto(offer.Resources).Unallocate();
            launchBuffer.Clear();
            while (framework.RunningTasks + launchBuffer.Count < settings.TasksPerFramework && available.Contains(task))
            {
                available -= task;
                launchBuffer.Add(NewTask(framework, task));
            }

            var call = launchBuffer.Count == 0 ? Decline(framework, offer) : Accept(framework, offer, launchBuffer);
            if (launchBuffer.Count == 0)
            {
                offersDeclined++;
            }

            var (outcome, effects) = core.Handle(call, framework.StreamId);
            if (outcome != CallOutcome.Accepted)
            {
                throw new InvalidOperationException($"The simulated master rejected a call: {outcome.Error}");
            }

            foreach (var effect in effects)
            {
                if (effect is MasterEffect.ToAgent { Message: RunTask run })
                {
                    framework.RunningTasks++;
                    tasksLaunched++;
                    runningTasks.Enqueue(run, clock.Now + TimeSpan.FromSeconds(settings.TaskSeconds));
                }
            }
        }
    }

    private void FinishDueTasks()
    {
        while (runningTasks.TryPeek(out var run, out var endsAt) && endsAt <= clock.Now)
        {
            runningTasks.Dequeue();
            var status = new TaskStatus
            {
                TaskId = run.Task.TaskId,
                AgentId = run.Task.AgentId,
                State = TaskState.TaskFinished,
                Source = TaskStatus.Types.Source.Executor,
                Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                Timestamp = clock.Now.ToUnixTimeSeconds(),
            };
            core.StatusUpdateReported(new StatusUpdateReported { FrameworkId = run.Framework.Id, Status = status });
            frameworks[run.Framework.Id.Value].RunningTasks--;
            tasksFinished++;
        }
    }

    private static TaskInfo NewTask(SimulatedFramework framework, ResourceSet resources)
    {
        var id = $"task-{framework.NextTaskNumber++}";
        var task = new TaskInfo
        {
            Name = id,
            TaskId = new TaskID { Value = id },
            Command = new CommandInfo { Shell = true, Value = "true" },
        };
        task.Resources.AddRange(resources.ToProto());
        return task;
    }

    private static Call Accept(SimulatedFramework framework, Offer offer, IEnumerable<TaskInfo> tasks)
    {
        var launch = new Offer.Types.Operation.Types.Launch();
        launch.TaskInfos.AddRange(tasks);
        var accept = new Call.Types.Accept { OfferIds = { offer.Id } };
        accept.Operations.Add(new Offer.Types.Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = launch });
        return new Call { FrameworkId = new FrameworkID { Value = framework.Id }, Type = Call.Types.Type.Accept, Accept = accept };
    }

    private static Call Decline(SimulatedFramework framework, Offer offer) => new()
    {
        FrameworkId = new FrameworkID { Value = framework.Id },
        Type = Call.Types.Type.Decline,
        Decline = new Call.Types.Decline { OfferIds = { offer.Id } },
    };
}
