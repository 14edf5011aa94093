using Scheduler.Master.Allocation;
using Scheduler.Master.Registry;
using Scheduler.Master.Security.Authentication;
using Scheduler.Master.Security.Authorization;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// The leading master's decisions as plain logic: agents, frameworks, offers and tasks.
/// Every call returns the effects to carry out; the actor around it only delivers them.
/// </summary>
public sealed partial class MasterCore
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    private static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    private readonly IClock _clock;
    private readonly Allocator _allocator;
    private readonly MasterRegistry _registry;
    private readonly Dictionary<string, AgentRecord> _agents = new();
    private readonly Dictionary<string, FrameworkRecord> _frameworks = new();
    private readonly Dictionary<string, OfferRecord> _offers = new();
    private readonly LinkedList<FrameworkRecord> _completedFrameworks = new();
    private readonly OrphanTaskBook _orphans = new();
    private long _nextOffer;

    public MasterCore(string masterId, IClock clock, Allocator allocator, MasterRegistry registry)
    {
        MasterId = masterId;
        _clock = clock;
        _allocator = allocator;
        _registry = registry;
        StartedAt = clock.Now;
    }

    public string MasterId { get; }
    public DateTimeOffset StartedAt { get; }

    /// <summary>How long an offer may stay unanswered before the master rescinds it; none by default, as Mesos.</summary>
    public TimeSpan? OfferTimeout { get; init; }

    /// <summary>Who may run tasks as which user and reserve for which role; null allows everything.</summary>
    public Authorizer? Authorizer { get; init; }

    /// <summary>Hears each change of agents, frameworks and tasks as it happens, for the operator event stream.</summary>
    public Action<MasterChange>? Changed { get; set; }
    public IReadOnlyCollection<AgentRecord> Agents => _agents.Values;
    public IReadOnlyCollection<FrameworkRecord> Frameworks => _frameworks.Values;
    public IReadOnlyCollection<FrameworkRecord> CompletedFrameworks => _completedFrameworks;

    /// <summary>The framework with this id, active or among the last completed ones; null if the master knows none.</summary>
    public FrameworkRecord? FrameworkById(string id, bool includeCompleted = true) =>
        _frameworks.TryGetValue(id, out var framework) ? framework
        : includeCompleted ? _completedFrameworks.FirstOrDefault(f => f.Id == id) : null;
    public IReadOnlyCollection<OfferRecord> Offers => _offers.Values;

    /// <summary>Tasks agents reported for frameworks that have not subscribed to this master yet.</summary>
    public IEnumerable<Protocol.V1.Task> OrphanTasks => _orphans.Running;

    /// <summary>
    /// Every role the master knows of (with frameworks, above such a role, or with a weight or quota), in name
    /// order, with what its tasks use, what is on offer to it and why its frameworks got no more.
    /// </summary>
    public IReadOnlyList<RoleSummary> Roles()
    {
        var allocated = new Dictionary<string, ResourceSet>();
        foreach (var task in _frameworks.Values.SelectMany(f => f.Tasks.Values))
            AddByRole(allocated, ResourceSet.FromProto(task.Resources));
        var offered = new Dictionary<string, ResourceSet>();
        foreach (var offer in _offers.Values) AddByRole(offered, offer.Resources);
        return _allocator.KnownRoles.Select(role =>
        {
            var stats = _allocator.RoleStats(role);
            return new RoleSummary(
                role,
                _allocator.RoleWeight(role),
                _frameworks.Values.Where(f => f.Roles.Contains(role)).Select(f => f.Id).ToList(),
                allocated.GetValueOrDefault(role, ResourceSet.Empty),
                offered.GetValueOrDefault(role, ResourceSet.Empty),
                _allocator.QuotaGuarantee(role),
                stats.HeldBackLastCycle,
                stats.FrameworksFilteredLastCycle,
                stats.FrameworksFilteredTotal)
            {
                QuotaLimit = _allocator.QuotaLimit(role),
                QuotaConsumed = _allocator.RoleSubtreeScalarQuantities(role),
            };
        }).ToList();
    }

    public (CallOutcome Outcome, List<MasterEffect> Effects) Handle(Call call, string? streamId, string? principal = null)
    {
        var effects = new List<MasterEffect>();
        if (call.FrameworkId is null || string.IsNullOrEmpty(call.FrameworkId.Value))
            return (CallOutcome.BadRequest("Expecting 'framework_id' to be present"), effects);
        if (!_frameworks.TryGetValue(call.FrameworkId.Value, out var framework))
            return (CallOutcome.BadRequest($"Framework '{call.FrameworkId.Value}' is not subscribed"), effects);
        if (FrameworkPrincipal.CallerMismatch(principal, framework.Info) is { } mismatch)
            return (CallOutcome.BadRequest(mismatch), effects);
        if (streamId is null)
            return (CallOutcome.BadRequest("All non-subscribe calls should include the 'Mesos-Stream-Id' header"), effects);
        if (framework.StreamId != streamId)
            return (CallOutcome.BadRequest($"The stream ID '{streamId}' included in this request didn't match the stream ID currently associated with framework ID {framework.Id}"), effects);

        switch (call.Type)
        {
            case Call.Types.Type.Teardown:
                effects.AddRange(RemoveFramework(framework));
                break;
            case Call.Types.Type.Accept:
                if (call.Accept is null) return (CallOutcome.BadRequest("Expecting 'accept' to be present"), effects);
                effects.AddRange(Accept(framework, call.Accept));
                break;
            case Call.Types.Type.Decline:
                if (call.Decline is null) return (CallOutcome.BadRequest("Expecting 'decline' to be present"), effects);
                foreach (var offerId in call.Decline.OfferIds)
                {
                    if (_offers.ContainsKey(offerId.Value)) framework.Stats.OffersDeclined++;
                    effects.AddRange(ReturnOffer(framework, offerId.Value, call.Decline.Filters));
                }
                break;
            case Call.Types.Type.Acknowledge:
                if (call.Acknowledge is null) return (CallOutcome.BadRequest("Expecting 'acknowledge' to be present"), effects);
                effects.AddRange(Acknowledge(framework, call.Acknowledge));
                break;
            case Call.Types.Type.Kill:
                if (call.Kill is null) return (CallOutcome.BadRequest("Expecting 'kill' to be present"), effects);
                effects.AddRange(Kill(framework, call.Kill));
                break;
            case Call.Types.Type.Revive:
            {
                var roles = call.Revive?.Roles.Distinct().ToList() ?? [];
                var invalid = FrameworkValidation.ValidateCallRoles("revive", roles, framework.Roles);
                if (invalid is not null) return (CallOutcome.BadRequest(invalid), effects);
                _allocator.Revive(framework.Id, roles);
                break;
            }
            case Call.Types.Type.Suppress:
            {
                var roles = call.Suppress?.Roles.Distinct().ToList() ?? [];
                var invalid = FrameworkValidation.ValidateCallRoles("suppression", roles, framework.Roles);
                if (invalid is not null) return (CallOutcome.BadRequest(invalid), effects);
                _allocator.Suppress(framework.Id, roles);
                break;
            }
            case Call.Types.Type.UpdateFramework:
                return UpdateFramework(framework, call);
            case Call.Types.Type.Reconcile:
                effects.AddRange(Reconcile(framework, call.Reconcile));
                break;
            case Call.Types.Type.Message:
            case Call.Types.Type.Request:
            case Call.Types.Type.Shutdown:
                break;
            default:
                return (CallOutcome.BadRequest($"Call type '{call.Type}' is not supported"), effects);
        }
        return (CallOutcome.Accepted, effects);
    }

    private static void AddByRole(Dictionary<string, ResourceSet> byRole, ResourceSet resources)
    {
        foreach (var role in resources.AllocationRoles())
            byRole[role] = byRole.GetValueOrDefault(role, ResourceSet.Empty) + resources.AllocatedTo(role);
    }

    private void Notify(MasterChange change) => Changed?.Invoke(change);
}
