namespace Scheduler.Master.Leadership.Downing;

/// <summary>
/// When each master last answered this node's pings, and so since when it has been silent: a peer is silent once
/// nothing came from it for longer than the acceptable pause. A peer first seen counts as just heard.
/// </summary>
public sealed class PeerSilence(TimeSpan acceptablePause)
{
    private readonly Dictionary<string, DateTimeOffset> _lastHeard = [];

    public void Heard(string peer, DateTimeOffset now) => _lastHeard[peer] = now;

    public DateTimeOffset? SilentSince(string peer, DateTimeOffset now)
    {
        if (!_lastHeard.TryGetValue(peer, out var last))
        {
            _lastHeard[peer] = now;
            return null;
        }
        var silentFrom = last + acceptablePause;
        return now > silentFrom ? silentFrom : null;
    }

    /// <summary>Forgets the peers that are no longer members.</summary>
    public void Retain(IReadOnlySet<string> peers)
    {
        foreach (var gone in _lastHeard.Keys.Where(p => !peers.Contains(p)).ToList()) _lastHeard.Remove(gone);
    }
}
