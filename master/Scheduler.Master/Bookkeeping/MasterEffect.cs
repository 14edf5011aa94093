using Google.Protobuf;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Bookkeeping;

/// <summary>Something the master decided to do; the actor carries it out.</summary>
public abstract record MasterEffect
{
    /// <summary>Send an internal message to an agent.</summary>
    public sealed record ToAgent(string AgentId, IMessage Message) : MasterEffect;

    /// <summary>Send an event on a framework's current subscription stream, or on the given one.</summary>
    public sealed record ToFramework(string FrameworkId, Event Event, string? StreamId = null) : MasterEffect;

    /// <summary>Close a framework's subscription stream (teardown or a newer subscription).</summary>
    public sealed record CloseStream(string FrameworkId, string StreamId) : MasterEffect;

    /// <summary>Record a change in the durable registry.</summary>
    public sealed record Persist(IMessage RegistryEvent) : MasterEffect;

    /// <summary>Remove the framework if it is still disconnected after the delay.</summary>
    public sealed record ScheduleFailover(string FrameworkId, string StreamId, TimeSpan After) : MasterEffect;
}
