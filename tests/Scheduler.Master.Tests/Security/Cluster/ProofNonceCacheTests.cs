using Scheduler.Master.Security.Cluster;

namespace Scheduler.Master.Tests.Security.Cluster;

[TestFixture]
public sealed class ProofNonceCacheTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Nonce = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    [Test]
    public void A_nonce_is_accepted_once_until_it_expires()
    {
        var cache = new ProofNonceCache();
        var expiresAt = Now.AddMinutes(5);

        Assert.That(cache.TryAdd(Nonce, expiresAt, Now), Is.True);
        Assert.That(cache.TryAdd(Nonce, expiresAt, Now.AddSeconds(1)), Is.False);
        Assert.That(cache.TryAdd(Nonce, expiresAt, expiresAt), Is.False, "still kept at its very expiry");
        Assert.That(cache.TryAdd(Nonce, expiresAt.AddMinutes(5), expiresAt.AddMilliseconds(1)), Is.True, "forgotten after it");
    }

    [Test]
    public void Other_nonces_are_accepted()
    {
        var cache = new ProofNonceCache();

        Assert.That(cache.TryAdd(Nonce, Now.AddMinutes(5), Now), Is.True);
        Assert.That(cache.TryAdd([.. Nonce[..15], 17], Now.AddMinutes(5), Now), Is.True);
        Assert.That(cache.Count, Is.EqualTo(2));
    }

    [Test]
    public void Expired_nonces_are_dropped_so_the_cache_does_not_grow_with_time()
    {
        var cache = new ProofNonceCache();
        for (var i = 0; i < 1000; i++)
            Assert.That(cache.TryAdd(BitConverter.GetBytes(i), Now.AddSeconds(i).AddMinutes(5), Now.AddSeconds(i)), Is.True);

        Assert.That(cache.Count, Is.EqualTo(301), "only those issued in the last five minutes");
    }

    [Test]
    public void Beyond_its_capacity_the_nonce_closest_to_its_end_is_forgotten_first()
    {
        var cache = new ProofNonceCache(capacity: 3);
        byte[][] nonces = [[1], [2], [3], [4]];
        Assert.That(cache.TryAdd(nonces[0], Now.AddMinutes(3), Now), Is.True);
        Assert.That(cache.TryAdd(nonces[1], Now.AddMinutes(1), Now), Is.True);
        Assert.That(cache.TryAdd(nonces[2], Now.AddMinutes(2), Now), Is.True);

        Assert.That(cache.TryAdd(nonces[3], Now.AddMinutes(5), Now), Is.True);

        Assert.That(cache.Count, Is.EqualTo(3));
        Assert.That(cache.TryAdd(nonces[0], Now.AddMinutes(3), Now), Is.False);
        Assert.That(cache.TryAdd(nonces[2], Now.AddMinutes(2), Now), Is.False);
        Assert.That(cache.TryAdd(nonces[3], Now.AddMinutes(5), Now), Is.False);
    }
}
