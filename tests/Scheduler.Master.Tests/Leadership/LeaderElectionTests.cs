using Scheduler.Master.Leadership;

namespace Scheduler.Master.Tests.Leadership;

[TestFixture]
public class LeaderElectionTests
{
    private const string First = "akka.tcp://scheduler@127.0.0.1:5055";
    private const string Second = "akka.tcp://scheduler@127.0.0.1:5065";

    private static MasterMemberView Member(string address, int httpPort, bool reachable = true) =>
        new(address, ["master", LeaderElection.HttpRole("127.0.0.1", httpPort)], reachable);

    [Test]
    public void The_oldest_master_leads_and_others_learn_its_http_address_from_its_role()
    {
        var masters = new[] { Member(First, 5050), Member(Second, 5060) };

        Assert.That(LeaderElection.Resolve(masters, First), Is.EqualTo(LeaderView.Self));
        Assert.That(LeaderElection.Resolve(masters, Second), Is.EqualTo(LeaderView.Other(new Uri("http://127.0.0.1:5050/"))));
    }

    [Test]
    public void An_unreachable_leader_or_no_master_at_all_means_no_leader()
    {
        Assert.That(LeaderElection.Resolve([Member(First, 5050, reachable: false), Member(Second, 5060)], Second), Is.EqualTo(LeaderView.NoLeader));
        Assert.That(LeaderElection.Resolve([], Second), Is.EqualTo(LeaderView.NoLeader));
    }

    [Test]
    public void A_leader_without_a_published_http_address_cannot_be_redirected_to()
    {
        Assert.That(LeaderElection.Resolve([new MasterMemberView(First, ["master"], true)], Second), Is.EqualTo(LeaderView.NoLeader));
    }
}
