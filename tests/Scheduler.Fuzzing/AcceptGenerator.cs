using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;
using Operation = Scheduler.Protocol.V1.Offer.Types.Operation;
using Resource = Scheduler.Protocol.V1.Resource;

namespace Scheduler.Fuzzing;

/// <summary>
/// ACCEPT calls built from a framework's real offers and then bent: random resources, unknown and repeated offer
/// ids, duplicate and malformed task ids, huge task counts, operations of every type in any order, missing parts.
/// </summary>
public static class AcceptGenerator
{
    private static readonly string[] TaskIds = ["", " ", "a/b", "tab\there", "dup", "dup", new string('t', 10_000), "\u0085"];

    /// <param name="offers">Offers the framework holds: its valid starting point.</param>
    /// <param name="knownTaskIds">Ids of tasks the framework already runs, to collide with.</param>
    public static Call Generate(Random random, string frameworkId, IReadOnlyList<Offer> offers, IReadOnlyList<string> knownTaskIds)
    {
        var accept = new Call.Types.Accept();
        var chosen = offers.Count == 0 ? [] : offers.Where(_ => random.Next(3) > 0).DefaultIfEmpty(offers[random.Next(offers.Count)]).ToList();
        accept.OfferIds.AddRange(chosen.Select(o => o.Id));
        var mutations = random.Next(4);
        for (var i = 0; i < mutations; i++) MutateOfferIds(accept, random, offers);

        var agentId = chosen.FirstOrDefault()?.AgentId ?? new AgentID { Value = "unknown-agent" };
        var offered = chosen.Aggregate(ResourceSet.Empty, (sum, offer) =>
            ResourceSet.TryFromProto(offer.Resources, out var parsed, out _) ? sum + parsed : sum);
        var operations = random.Next(10) == 0 ? 0 : 1 + random.Next(3);
        for (var i = 0; i < operations; i++) accept.Operations.Add(Operation(random, agentId, offered, knownTaskIds));
        if (random.Next(3) == 0) accept.Filters = new Filters { RefuseSeconds = Pick(random, [0, -1, 0.5, 5, double.NaN, double.PositiveInfinity, 1e300]) };
        return new Call { FrameworkId = new FrameworkID { Value = frameworkId }, Type = Call.Types.Type.Accept, Accept = accept };
    }

    private static void MutateOfferIds(Call.Types.Accept accept, Random random, IReadOnlyList<Offer> offers)
    {
        switch (random.Next(4))
        {
            case 0:
                accept.OfferIds.Add(new OfferID { Value = Pick(random, ["", "O-unknown", "master-1-O999999", "O\u0000"]) });
                break;
            case 1 when accept.OfferIds.Count > 0:
                accept.OfferIds.Add(accept.OfferIds[random.Next(accept.OfferIds.Count)].Clone());
                break;
            case 2 when offers.Count > 0:
                accept.OfferIds.Add(offers[random.Next(offers.Count)].Id);
                break;
            default:
                accept.OfferIds.Clear();
                break;
        }
    }

    private static Operation Operation(Random random, AgentID agentId, ResourceSet offered, IReadOnlyList<string> knownTaskIds)
    {
        var kind = random.Next(12);
        return kind switch
        {
            < 6 => new Operation { Type = Offer.Types.Operation.Types.Type.Launch, Launch = new Operation.Types.Launch { TaskInfos = { Tasks(random, agentId, offered, knownTaskIds) } } },
            < 8 => new Operation { Type = Offer.Types.Operation.Types.Type.LaunchGroup, LaunchGroup = Group(random, agentId, offered, knownTaskIds) },
            8 => new Operation { Type = Offer.Types.Operation.Types.Type.Reserve, Reserve = new Operation.Types.Reserve { Resources = { Reservable(random, offered) } } },
            9 => new Operation { Type = Offer.Types.Operation.Types.Type.Unreserve, Unreserve = new Operation.Types.Unreserve { Resources = { Reservable(random, offered) } } },
            10 => new Operation { Type = (Offer.Types.Operation.Types.Type)random.Next(0, 20) },
            _ => new Operation(),
        };
    }

    private static IEnumerable<TaskInfo> Tasks(Random random, AgentID agentId, ResourceSet offered, IReadOnlyList<string> knownTaskIds)
    {
        var count = random.Next(30) == 0 ? 1_000 : 1 + random.Next(4);
        return Enumerable.Range(0, count).Select(_ => Task(random, agentId, offered, knownTaskIds));
    }

    private static TaskInfo Task(Random random, AgentID agentId, ResourceSet offered, IReadOnlyList<string> knownTaskIds)
    {
        var task = new TaskInfo
        {
            Name = "fuzz",
            TaskId = new TaskID { Value = TaskId(random, knownTaskIds) },
            AgentId = random.Next(8) == 0 ? new AgentID { Value = "other-agent" } : agentId,
            Command = new CommandInfo { Shell = true, Value = "true" },
        };
        switch (random.Next(8))
        {
            case 0: task.ClearName(); break;
            case 1: task.Command = null; break;
            case 2: task.Command.ClearValue(); break;
            case 3: task.Executor = new ExecutorInfo { ExecutorId = new ExecutorID { Value = "e" }, Command = new CommandInfo { Value = "x" } }; break;
        }
        task.Resources.AddRange(TaskResources(random, offered));
        return task;
    }

    private static string TaskId(Random random, IReadOnlyList<string> knownTaskIds) => random.Next(6) switch
    {
        0 => TaskIds[random.Next(TaskIds.Length)],
        1 when knownTaskIds.Count > 0 => knownTaskIds[random.Next(knownTaskIds.Count)],
        _ => $"task-{random.Next(1_000_000)}",
    };

    /// <summary>Mostly a fair slice of what was offered, with the offer's allocation role; otherwise anything.</summary>
    private static IEnumerable<Resource> TaskResources(Random random, ResourceSet offered)
    {
        var role = offered.AllocationRoles().FirstOrDefault() ?? "*";
        return random.Next(4) switch
        {
            0 => RandomResources.Many(random),
            1 => offered.ToProto().Concat(RandomResources.Many(random, 2)),
            _ => ResourceSet.Parse($"cpus:{0.1 * (1 + random.Next(3))};mem:{16 * (1 + random.Next(4))}").Allocate(role).ToProto(),
        };
    }

    private static Operation.Types.LaunchGroup Group(Random random, AgentID agentId, ResourceSet offered, IReadOnlyList<string> knownTaskIds)
    {
        var group = new Operation.Types.LaunchGroup { TaskGroup = new TaskGroupInfo() };
        if (random.Next(6) > 0)
        {
            group.Executor = new ExecutorInfo
            {
                Type = (ExecutorInfo.Types.Type)random.Next(4),
                ExecutorId = new ExecutorID { Value = Pick(random, ["default", "", "e/1", "exec"]) },
            };
            group.Executor.Resources.AddRange(TaskResources(random, offered));
        }
        if (random.Next(8) == 0) group.TaskGroup = null;
        else group.TaskGroup.Tasks.AddRange(Tasks(random, agentId, offered, knownTaskIds).Take(random.Next(1, 5)));
        return group;
    }

    private static IEnumerable<Resource> Reservable(Random random, ResourceSet offered)
    {
        if (random.Next(2) == 0) return RandomResources.Many(random, 3);
        var role = offered.AllocationRoles().FirstOrDefault() ?? "*";
        return offered.Filter(r => r.Name is "cpus" or "mem").ToProto().Select(resource =>
        {
            var reserved = resource.Clone();
            reserved.Scalar = new Value.Types.Scalar { Value = 0.1 };
            reserved.Reservations.Add(new Resource.Types.ReservationInfo
            {
                Type = Resource.Types.ReservationInfo.Types.Type.Dynamic, Role = role == "*" ? "web" : role, Principal = "ops",
            });
            return reserved;
        });
    }

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];
}
