using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>An outstanding offer: resources of one agent held for one framework.</summary>
public sealed record OfferRecord(string OfferId, string FrameworkId, string AgentId, ResourceSet Resources, DateTimeOffset MadeAt);
