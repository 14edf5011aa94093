using Scheduler.Master.Leadership.Downing;

namespace Scheduler.Master.Tests.Leadership.Downing;

[TestFixture]
public class PeerSilenceTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_peer_is_silent_from_the_end_of_the_acceptable_pause_after_it_was_last_heard()
    {
        var silence = new PeerSilence(TimeSpan.FromSeconds(2));

        Assert.That(silence.SilentSince("m2", Start), Is.Null, "a peer first seen counts as just heard");
        Assert.That(silence.SilentSince("m2", Start.AddSeconds(2)), Is.Null);
        Assert.That(silence.SilentSince("m2", Start.AddSeconds(3)), Is.EqualTo(Start.AddSeconds(2)));

        silence.Heard("m2", Start.AddSeconds(3));
        Assert.That(silence.SilentSince("m2", Start.AddSeconds(4)), Is.Null);
    }

    [Test]
    public void A_peer_no_longer_a_member_is_forgotten_and_starts_afresh()
    {
        var silence = new PeerSilence(TimeSpan.FromSeconds(2));
        silence.SilentSince("m2", Start);

        silence.Retain(new HashSet<string>());

        Assert.That(silence.SilentSince("m2", Start.AddSeconds(10)), Is.Null);
    }
}
