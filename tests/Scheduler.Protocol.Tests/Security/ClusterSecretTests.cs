using System.Text;
using Google.Protobuf;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Security;

namespace Scheduler.Protocol.Tests.Security;

[TestFixture]
public class ClusterSecretTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ClusterSecret Secret = new("correct horse battery staple"u8);
    private static readonly RegistrationClaims Claims =
        new(RegistrationClaims.Reregister, "akka.tcp://scheduler@10.0.0.7:40123", "agent-7", 5051, "agent-id-7");

    [Test]
    public void A_proof_verifies_with_the_secret_it_was_made_with()
    {
        var proof = Secret.Prove(Claims, Now);

        Assert.That(Secret.Verifies(proof, Claims), Is.True);
        Assert.That(proof.IssuedAtMs, Is.EqualTo(Now.ToUnixTimeMilliseconds()));
        Assert.That(proof.Hmac.Length, Is.EqualTo(32));
    }

    [Test]
    public void Every_proof_has_a_fresh_nonce()
    {
        var nonces = Enumerable.Range(0, 100).Select(_ => Secret.Prove(Claims, Now).Nonce.ToBase64()).ToList();

        Assert.That(nonces.Distinct().Count(), Is.EqualTo(100));
        Assert.That(Secret.Prove(Claims, Now).Nonce.Length, Is.EqualTo(ClusterSecret.NonceLength));
    }

    [Test]
    public void A_proof_whose_nonce_was_changed_or_removed_does_not_verify()
    {
        var proof = Secret.Prove(Claims, Now);
        var changed = proof.Clone();
        changed.Nonce = ByteString.CopyFrom(Secret.Prove(Claims, Now).Nonce.Span);
        var removed = proof.Clone();
        removed.ClearNonce();

        Assert.That(Secret.Verifies(changed, Claims), Is.False);
        Assert.That(Secret.Verifies(removed, Claims), Is.False);
    }

    [Test]
    public void A_proof_made_with_another_secret_does_not_verify()
    {
        var proof = new ClusterSecret("not the cluster's secret at all"u8).Prove(Claims, Now);

        Assert.That(Secret.Verifies(proof, Claims), Is.False);
    }

    [Test]
    public void The_secret_itself_is_not_in_the_proof()
    {
        var wire = Secret.Prove(Claims, Now).ToByteArray();

        Assert.That(Encoding.UTF8.GetString(wire), Does.Not.Contain("battery"));
    }

    private static IEnumerable<TestCaseData> Tampered()
    {
        yield return new TestCaseData(Claims with { Kind = RegistrationClaims.Register }).SetName("another kind of registration");
        yield return new TestCaseData(Claims with { ClusterAddress = "akka.tcp://scheduler@10.0.0.8:40123" }).SetName("another node");
        yield return new TestCaseData(Claims with { Hostname = "agent-8" }).SetName("another hostname");
        yield return new TestCaseData(Claims with { Port = 5052 }).SetName("another port");
        yield return new TestCaseData(Claims with { AgentId = "agent-id-8" }).SetName("another agent id");
        yield return new TestCaseData(Claims with { Hostname = "agent-75051", Port = 0 }).SetName("fields shifted into each other");
    }

    [TestCaseSource(nameof(Tampered))]
    public void A_proof_does_not_verify_for_other_claims(RegistrationClaims other)
    {
        var proof = Secret.Prove(Claims, Now);

        Assert.That(Secret.Verifies(proof, other), Is.False);
    }

    [Test]
    public void A_proof_whose_time_was_changed_does_not_verify()
    {
        var proof = Secret.Prove(Claims, Now);
        proof.IssuedAtMs += 1;

        Assert.That(Secret.Verifies(proof, Claims), Is.False);
    }

    [Test]
    public void A_proof_whose_mac_was_changed_or_cut_does_not_verify()
    {
        var proof = Secret.Prove(Claims, Now);
        var flipped = proof.Hmac.ToByteArray();
        flipped[0] ^= 1;

        Assert.That(Secret.Verifies(new ClusterSecretProof { IssuedAtMs = proof.IssuedAtMs, Nonce = proof.Nonce, Hmac = ByteString.CopyFrom(flipped) }, Claims), Is.False);
        Assert.That(Secret.Verifies(new ClusterSecretProof { IssuedAtMs = proof.IssuedAtMs, Nonce = proof.Nonce, Hmac = ByteString.CopyFrom(proof.Hmac.Span[..16]) }, Claims), Is.False);
    }

    [Test]
    public void A_secret_file_is_read_without_its_trailing_newline()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "correct horse battery staple\n");

            var fromFile = ClusterSecret.FromFile(path);

            Assert.That(Secret.Verifies(fromFile.Prove(Claims, Now), Claims), Is.True);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_secret_shorter_than_the_minimum_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new ClusterSecret("too short"u8));

        Assert.That(error!.Message, Does.Contain($"at least {ClusterSecret.MinimumLength} bytes"));
    }
}
