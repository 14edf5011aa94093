using Scheduler.Master.Maintenance;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.Maintenance;
using Scheduler.Protocol.Internal;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Mesos's maintenance primitives: the schedule (offers for an agent of a scheduled machine carry its
/// unavailability), bringing machines DOWN (their agents shut down and removed, their tasks unreachable or lost)
/// and UP again.
/// </summary>
public sealed partial class MasterCore
{
    private MaintenanceBook? _maintenance;

    /// <summary>The maintenance state, read from the registry the first time it is needed (after recovery).</summary>
    private MaintenanceBook Maintenance => _maintenance ??= MaintenanceBook.From(_registry.Maintenance);

    public Schedule MaintenanceSchedule => Maintenance.Schedule;

    public ClusterStatus MaintenanceStatus() => Maintenance.Status();

    /// <summary>Replaces the schedule; offers on agents whose unavailability changes are rescinded, to be made again with it.</summary>
    public (string? Error, List<MasterEffect> Effects) UpdateMaintenanceSchedule(Schedule schedule)
    {
        var before = _agents.Values.ToDictionary(a => a.Id, a => Maintenance.UnavailabilityOf(a.Info.Hostname));
        if (Maintenance.Update(schedule) is { } error) return (error, []);
        var effects = new List<MasterEffect> { PersistMaintenance() };
        foreach (var agent in _agents.Values.Where(a => !Equals(before[a.Id], Maintenance.UnavailabilityOf(a.Info.Hostname))))
            foreach (var offer in _offers.Values.Where(o => o.AgentId == agent.Id).ToList())
                effects.AddRange(Rescind(offer));
        return (null, effects);
    }

    /// <summary>Brings the machines DOWN: each agent on them is told to shut down and removed, as Mesos's "Machine DOWN".</summary>
    public (string? Error, List<MasterEffect> Effects) StartMaintenance(IReadOnlyCollection<MachineID> machines)
    {
        if (Maintenance.Start(machines) is { } error) return (error, []);
        var effects = new List<MasterEffect> { PersistMaintenance() };
        foreach (var agent in _agents.Values.Where(a => Maintenance.IsDown(a.Info.Hostname)).ToList())
        {
            effects.Add(new MasterEffect.ToAgent(agent.Id, new ShutdownAgent { Message = "Operator initiated 'Machine DOWN'" }));
            effects.AddRange(MarkUnreachable(agent.Info, agent));
        }
        return (null, effects);
    }

    public (string? Error, List<MasterEffect> Effects) StopMaintenance(IReadOnlyCollection<MachineID> machines)
    {
        if (Maintenance.Stop(machines) is { } error) return (error, []);
        return (null, [PersistMaintenance()]);
    }

    /// <summary>Whether an agent advertising this hostname must not join: its machine is DOWN for maintenance.</summary>
    public bool IsOnMachineDown(string hostname) => Maintenance.IsDown(hostname);

    /// <summary>Adds the agent machine's unavailability to an offer, as Mesos does for scheduled machines.</summary>
    private Offer WithUnavailability(Offer offer, AgentInfo agent)
    {
        if (Maintenance.UnavailabilityOf(agent.Hostname) is { } unavailability) offer.Unavailability = unavailability.Clone();
        return offer;
    }

    private MasterEffect PersistMaintenance()
    {
        var saved = Maintenance.ToEvent();
        _registry.UpdateMaintenance(saved);
        return new MasterEffect.Persist(saved);
    }
}
