namespace Scheduler.Master.Security.Cluster;

/// <summary>
/// The nonces of the proofs of the cluster secret a master accepted, each kept until its proof is too old to be
/// accepted anyway, so that a proof sent again within its window is recognised. At most <see cref="Capacity"/> are
/// kept: beyond that, the one closest to its end is forgotten first.
/// </summary>
public sealed class ProofNonceCache(int capacity = ProofNonceCache.DefaultCapacity)
{
    /// <summary>Room for 10,000 agents registering 10 times each within one 10-minute window (a few MB).</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");

    public int Count => _expiries.Count;

    /// <summary>
    /// True, and the nonce is kept until <paramref name="expiresAt"/>, when it is not kept already; false when it is,
    /// that is when a proof with this nonce was accepted before and has not expired.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> nonce, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        RemoveExpired(now);
        var key = Convert.ToBase64String(nonce);
        if (_expiries.ContainsKey(key)) return false;
        if (_expiries.Count >= Capacity && _byExpiry.TryDequeue(out var soonest, out _)) _expiries.Remove(soonest);
        _expiries[key] = expiresAt;
        _byExpiry.Enqueue(key, expiresAt);
        return true;
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        while (_byExpiry.TryPeek(out var key, out var expiresAt) && expiresAt < now)
        {
            _byExpiry.Dequeue();
            _expiries.Remove(key);
        }
    }
}
