using Akka.Actor;

namespace Scheduler.Master.Actors;

/// <summary>
/// The subscription streams the master writes to: each framework's current one, and a superseded one
/// until it has been told that its framework failed over and was closed.
/// </summary>
public sealed class FrameworkStreams
{
    private readonly Dictionary<string, (string FrameworkId, IActorRef Stream)> _byStreamId = new();
    private readonly Dictionary<string, string> _currentByFramework = new();

    public IEnumerable<IActorRef> All => _byStreamId.Values.Select(entry => entry.Stream);

    public void Add(string frameworkId, string streamId, IActorRef stream)
    {
        _byStreamId[streamId] = (frameworkId, stream);
        _currentByFramework[frameworkId] = streamId;
    }

    /// <summary>The framework's current stream, or the given one while it is still open.</summary>
    public IActorRef? Find(string frameworkId, string? streamId = null)
    {
        var id = streamId ?? _currentByFramework.GetValueOrDefault(frameworkId);
        return id is not null && _byStreamId.TryGetValue(id, out var entry) && entry.FrameworkId == frameworkId ? entry.Stream : null;
    }

    /// <summary>Forgets the stream and answers it, or null when it was already gone.</summary>
    public IActorRef? Remove(string frameworkId, string streamId)
    {
        if (!_byStreamId.TryGetValue(streamId, out var entry) || entry.FrameworkId != frameworkId) return null;
        _byStreamId.Remove(streamId);
        if (_currentByFramework.GetValueOrDefault(frameworkId) == streamId) _currentByFramework.Remove(frameworkId);
        return entry.Stream;
    }
}
