using Google.Protobuf;
using Scheduler.Master.Security.Cluster;
using Scheduler.Master.Tests.Allocation;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Security;

namespace Scheduler.Master.Tests.Security.Cluster;

[TestFixture]
public class AgentRegistrationAuthenticatorTests
{
    private static readonly ClusterSecret Secret = new("a cluster secret of some length"u8);
    private static readonly RegistrationClaims Claims =
        new(RegistrationClaims.Register, "akka.tcp://scheduler@127.0.0.1:40001", "127.0.0.1", 5051, "");

    private readonly ManualClock _clock = new();

    [Test]
    public void Without_a_secret_every_agent_may_register()
    {
        var authenticator = new AgentRegistrationAuthenticator(null, _clock);

        Assert.That(authenticator.IsRequired, Is.False);
        Assert.That(authenticator.Refusal(null, Claims), Is.Null);
    }

    [Test]
    public void A_fresh_proof_of_the_secret_is_accepted()
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);

        Assert.That(authenticator.Refusal(Secret.Prove(Claims, _clock.Now), Claims), Is.Null);
    }

    [Test]
    public void A_registration_without_a_proof_is_refused()
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);

        Assert.That(authenticator.Refusal(null, Claims), Is.EqualTo(AgentRegistrationAuthenticator.MissingProof));
        Assert.That(authenticator.Refusal(new ClusterSecretProof { IssuedAtMs = _clock.Now.ToUnixTimeMilliseconds(), Hmac = ByteString.Empty }, Claims),
            Is.EqualTo(AgentRegistrationAuthenticator.MissingProof));
    }

    [Test]
    public void A_proof_of_another_secret_is_refused_as_an_invalid_cluster_secret()
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);
        var proof = new ClusterSecret("the wrong secret, same length!!"u8).Prove(Claims, _clock.Now);

        Assert.That(authenticator.Refusal(proof, Claims), Is.EqualTo("Agent registration refused: invalid cluster secret"));
    }

    [Test]
    public void A_proof_made_for_another_agent_is_refused()
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);
        var proof = Secret.Prove(Claims, _clock.Now);

        Assert.That(authenticator.Refusal(proof, Claims with { ClusterAddress = "akka.tcp://scheduler@127.0.0.1:40002" }),
            Is.EqualTo(AgentRegistrationAuthenticator.InvalidSecret));
    }

    [TestCase(-301)]
    [TestCase(301)]
    public void A_proof_more_than_five_minutes_off_the_masters_clock_is_refused(int secondsOff)
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);
        var proof = Secret.Prove(Claims, _clock.Now.AddSeconds(secondsOff));

        Assert.That(authenticator.Refusal(proof, Claims), Is.EqualTo(AgentRegistrationAuthenticator.ProofOutOfWindow));
    }

    [TestCase(-299)]
    [TestCase(299)]
    public void A_proof_within_five_minutes_of_the_masters_clock_is_accepted(int secondsOff)
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);
        var proof = Secret.Prove(Claims, _clock.Now.AddSeconds(secondsOff));

        Assert.That(authenticator.Refusal(proof, Claims), Is.Null);
    }

    [Test]
    public void A_proof_replayed_within_the_window_is_refused_as_used_before()
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);
        var proof = Secret.Prove(Claims, _clock.Now);
        Assert.That(authenticator.Refusal(proof, Claims), Is.Null);

        _clock.Advance(TimeSpan.FromMinutes(4));

        Assert.That(authenticator.Refusal(proof.Clone(), Claims), Is.EqualTo(AgentRegistrationAuthenticator.ReplayedProof));
        Assert.That(AgentRegistrationAuthenticator.ReplayedProof,
            Is.EqualTo("Agent registration refused: its proof of the cluster secret was used before (a replayed registration)"));
    }

    [Test]
    public void Fresh_proofs_of_the_same_agent_are_each_accepted()
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.That(authenticator.Refusal(Secret.Prove(Claims, _clock.Now), Claims), Is.Null, $"attempt {attempt}");
            _clock.Advance(TimeSpan.FromSeconds(2));
        }
    }

    [Test]
    public void A_proof_that_was_refused_leaves_its_nonce_free()
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);
        var proof = Secret.Prove(Claims, _clock.Now);

        Assert.That(authenticator.Refusal(proof, Claims with { Port = 5052 }), Is.EqualTo(AgentRegistrationAuthenticator.InvalidSecret));
        Assert.That(authenticator.Refusal(proof, Claims), Is.Null);
    }

    [Test]
    public void A_new_master_accepts_a_fresh_proof_of_an_agent_the_old_one_admitted()
    {
        var before = new AgentRegistrationAuthenticator(Secret, _clock);
        Assert.That(before.Refusal(Secret.Prove(Claims, _clock.Now), Claims), Is.Null);
        var reregistration = Claims with { Kind = RegistrationClaims.Reregister, AgentId = "agent-1" };
        Assert.That(before.Refusal(Secret.Prove(reregistration, _clock.Now), reregistration), Is.Null);

        var afterFailover = new AgentRegistrationAuthenticator(Secret, _clock);

        Assert.That(afterFailover.Refusal(Secret.Prove(reregistration, _clock.Now), reregistration), Is.Null);
    }

    [Test]
    public void A_proof_without_a_nonce_is_refused_as_from_an_older_agent()
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);
        var proof = Secret.Prove(Claims, _clock.Now);
        proof.ClearNonce();

        Assert.That(authenticator.Refusal(proof, Claims), Is.EqualTo(AgentRegistrationAuthenticator.MissingNonce));
    }

    [Test]
    public void A_proof_replayed_after_the_window_is_refused()
    {
        var authenticator = new AgentRegistrationAuthenticator(Secret, _clock);
        var proof = Secret.Prove(Claims, _clock.Now);

        _clock.Advance(TimeSpan.FromMinutes(6));

        Assert.That(authenticator.Refusal(proof, Claims), Is.EqualTo(AgentRegistrationAuthenticator.ProofOutOfWindow));
    }
}
