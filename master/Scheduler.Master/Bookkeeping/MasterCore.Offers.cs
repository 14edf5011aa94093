using Scheduler.Master.Allocation;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Offers: an allocation cycle turns the allocator's decisions into offers; a declined offer goes back to the
/// allocator with its refusal filter, and a rescinded one without.
/// </summary>
public sealed partial class MasterCore
{
    public List<MasterEffect> Allocate()
    {
        var effects = new List<MasterEffect>();
        if (OfferTimeout is { } timeout)
            foreach (var expired in _offers.Values.Where(o => _clock.Now - o.MadeAt >= timeout).ToList())
                effects.AddRange(Rescind(expired));
        var result = _allocator.Allocate();
        foreach (var outcome in result.Frameworks)
            if (_frameworks.TryGetValue(outcome.FrameworkId, out var known)) known.Stats.Record(outcome);
        foreach (var byFramework in result.Offers.GroupBy(o => o.FrameworkId))
        {
            if (!_frameworks.TryGetValue(byFramework.Key, out var framework) || !framework.Connected)
            {
                foreach (var decision in byFramework)
                    _allocator.RecoverResources(decision.FrameworkId, decision.AgentId, decision.Resources, null);
                continue;
            }
            var offers = new List<Offer>();
            foreach (var decision in byFramework)
            {
                if (!_agents.TryGetValue(decision.AgentId, out var agent)) continue;
                var record = new OfferRecord($"{MasterId}-O{++_nextOffer}", framework.Id, agent.Id, decision.Resources, _clock.Now);
                _offers[record.OfferId] = record;
                agent.Offered += record.Resources;
                offers.Add(WithUnavailability(OfferFactory.Create(record, agent.Info), agent.Info));
            }
            framework.Stats.OffersMade += offers.Count;
            if (offers.Count > 0) effects.Add(new MasterEffect.ToFramework(framework.Id, Events.Offers(offers)));
        }
        return effects;
    }

    private IEnumerable<MasterEffect> ReturnOffer(FrameworkRecord framework, string offerId, Filters? filters)
    {
        if (!_offers.TryGetValue(offerId, out var offer) || offer.FrameworkId != framework.Id) return [];
        _offers.Remove(offerId);
        if (_agents.TryGetValue(offer.AgentId, out var agent)) agent.Offered -= offer.Resources;
        _allocator.RecoverResources(framework.Id, offer.AgentId, offer.Resources, RefuseDuration(filters));
        return [];
    }

    private IEnumerable<MasterEffect> Rescind(OfferRecord offer, bool notify = true)
    {
        _offers.Remove(offer.OfferId);
        if (_agents.TryGetValue(offer.AgentId, out var agent)) agent.Offered -= offer.Resources;
        _allocator.RecoverResources(offer.FrameworkId, offer.AgentId, offer.Resources, null);
        if (notify && _frameworks.TryGetValue(offer.FrameworkId, out var framework) && framework.Connected)
        {
            framework.Stats.OffersRescinded++;
            return [new MasterEffect.ToFramework(offer.FrameworkId, Events.Rescind(offer.OfferId))];
        }
        return [];
    }

    private static TimeSpan? RefuseDuration(Filters? filters)
    {
        var seconds = filters is not null && filters.HasRefuseSeconds ? filters.RefuseSeconds : Allocator.DefaultRefuseDuration.TotalSeconds;
        if (double.IsNaN(seconds) || seconds <= 0) return null;
        return seconds >= Allocator.MaximumRefuseDuration.TotalSeconds ? Allocator.MaximumRefuseDuration : TimeSpan.FromSeconds(seconds);
    }
}
