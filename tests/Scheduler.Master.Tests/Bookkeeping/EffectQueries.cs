using Google.Protobuf;
using Scheduler.Master.Bookkeeping;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Picks out of the master's effects what one framework, one agent or the registry would see.</summary>
public static class EffectQueries
{
    public static List<Event> EventsTo(this IEnumerable<MasterEffect> effects, string frameworkId) =>
        effects.OfType<MasterEffect.ToFramework>().Where(e => e.FrameworkId == frameworkId).Select(e => e.Event).ToList();

    public static List<Offer> OffersTo(this IEnumerable<MasterEffect> effects, string frameworkId) =>
        effects.EventsTo(frameworkId).Where(e => e.Type == Event.Types.Type.Offers).SelectMany(e => e.Offers.Offers_).ToList();

    public static List<TaskStatus> UpdatesTo(this IEnumerable<MasterEffect> effects, string frameworkId) =>
        effects.EventsTo(frameworkId).Where(e => e.Type == Event.Types.Type.Update).Select(e => e.Update.Status).ToList();

    public static List<T> MessagesTo<T>(this IEnumerable<MasterEffect> effects, string agentId) where T : IMessage =>
        effects.OfType<MasterEffect.ToAgent>().Where(e => e.AgentId == agentId).Select(e => e.Message).OfType<T>().ToList();

    public static List<IMessage> AllAgentMessages(this IEnumerable<MasterEffect> effects) =>
        effects.OfType<MasterEffect.ToAgent>().Select(e => e.Message).ToList();

    public static List<T> Persisted<T>(this IEnumerable<MasterEffect> effects) where T : IMessage =>
        effects.OfType<MasterEffect.Persist>().Select(e => e.RegistryEvent).OfType<T>().ToList();
}
