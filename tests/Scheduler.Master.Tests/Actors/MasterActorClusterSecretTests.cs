using Akka.Actor;
using Scheduler.Master.Actors;
using Scheduler.Master.Security.Cluster;
using Scheduler.Master.Tests.Bookkeeping;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Security;
using Scheduler.Testing;

namespace Scheduler.Master.Tests.Actors;

/// <summary>The master actor with a cluster secret: an agent's registration is let in once per proof.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MasterActorClusterSecretTests : ActorTestBase
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly ClusterSecret Secret = new("the secret this cluster shares"u8);

    public MasterActorClusterSecretTests()
        : base(InMemoryRegistry.Config, "master-actor-cluster-secret-tests")
    {
    }

    [Test]
    public void A_registration_sent_again_with_the_same_proof_is_refused_and_a_fresh_proof_is_let_in()
    {
        var master = Sys.ActorOf(MasterActor.Props(new MasterSettings { AllocationInterval = TimeSpan.FromMilliseconds(100), ClusterSecret = Secret }));
        var agent = CreateTestProbe();
        var register = Agents.With("cpus:1;mem:128");
        register.Proof = Secret.Prove(ClaimsOf(register), DateTimeOffset.UtcNow);

        agent.Send(master, register);
        agent.ExpectMsg<AgentRegistered>(Patience);

        var replayer = CreateTestProbe();
        replayer.Send(master, register.Clone());
        Assert.That(replayer.ExpectMsg<AgentRegistrationRefused>(Patience).Message, Is.EqualTo(AgentRegistrationAuthenticator.ReplayedProof));

        var again = register.Clone();
        again.Proof = Secret.Prove(ClaimsOf(again), DateTimeOffset.UtcNow);
        var retrying = CreateTestProbe();
        retrying.Send(master, again);
        retrying.ExpectMsg<AgentRegistered>(Patience);
    }

    private RegistrationClaims ClaimsOf(RegisterAgent register) => new(RegistrationClaims.Register,
        ((ExtendedActorSystem)Sys).Provider.DefaultAddress.ToString(), register.AgentInfo.Hostname, register.AgentInfo.Port, "");
}
