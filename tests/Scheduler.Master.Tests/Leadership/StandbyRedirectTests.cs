using Scheduler.Master.Leadership;

namespace Scheduler.Master.Tests.Leadership;

[TestFixture]
public class StandbyRedirectTests
{
    private static readonly Uri Self = new("http://127.0.0.1:5060/");
    private static readonly LeaderView Standby = LeaderView.Other(new Uri("http://10.0.0.1:5050/"));

    [TestCase("/api/v1/scheduler", "")]
    [TestCase("/api/v1", "")]
    [TestCase("/master/state", "?jsonp=x")]
    [TestCase("/master/state-summary", "")]
    [TestCase("/state", "")]
    public void A_standby_sends_api_calls_and_state_reads_to_the_leader_keeping_path_and_query(string path, string query)
    {
        var decision = StandbyRedirect.Decide(Standby, Self, path, query);

        Assert.That(decision, Is.EqualTo(new RedirectDecision.Redirect("http://10.0.0.1:5050" + path + query)));
    }

    [TestCase("/master/redirect")]
    [TestCase("/redirect")]
    public void The_redirect_endpoint_points_at_the_leaders_base_address(string path)
    {
        Assert.That(StandbyRedirect.Decide(Standby, Self, path, ""), Is.EqualTo(new RedirectDecision.Redirect("http://10.0.0.1:5050")));
        Assert.That(StandbyRedirect.Decide(LeaderView.Self, Self, path, ""), Is.EqualTo(new RedirectDecision.Redirect("http://127.0.0.1:5060")));
    }

    [TestCase("/master/health")]
    [TestCase("/master/cluster")]
    [TestCase("/metrics/snapshot")]
    [TestCase("/")]
    public void Health_the_cluster_address_metrics_and_the_ui_are_served_by_every_node(string path)
    {
        Assert.That(StandbyRedirect.Decide(Standby, Self, path, ""), Is.InstanceOf<RedirectDecision.Serve>());
        Assert.That(StandbyRedirect.Decide(LeaderView.NoLeader, Self, path, ""), Is.InstanceOf<RedirectDecision.Serve>());
    }

    [TestCase("/api/v1/scheduler")]
    [TestCase("/master/state")]
    [TestCase("/master/redirect")]
    public void Without_a_leader_the_answer_is_no_leader_elected(string path)
    {
        Assert.That(StandbyRedirect.Decide(LeaderView.NoLeader, Self, path, ""),
            Is.EqualTo(new RedirectDecision.Unavailable("No leader elected")));
    }

    [Test]
    public void The_leader_serves_everything_itself()
    {
        Assert.That(StandbyRedirect.Decide(LeaderView.Self, Self, "/api/v1/scheduler", ""), Is.InstanceOf<RedirectDecision.Serve>());
        Assert.That(StandbyRedirect.Decide(LeaderView.Self, Self, "/master/state", ""), Is.InstanceOf<RedirectDecision.Serve>());
    }
}
