using System.Net;
using Scheduler.Master.Http;
using Scheduler.Master.Leadership;
using Scheduler.Master.Tests.Http;

namespace Scheduler.Master.Tests.Leadership;

[TestFixture]
public class StandbyHttpTests
{
    private SingleMaster _cluster = null!;
    private MasterHttpServer _standby = null!;
    private LeaderDirectory _leader = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _cluster = await SingleMaster.StartAsync();
        _leader = new LeaderDirectory(LeaderView.NoLeader);
        _standby = await MasterHttpServer.StartAsync(_cluster.System, _cluster.Node.Master, new MasterSettings { HttpPort = 0 }, leader: _leader);
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _standby.Address };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _standby.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Test]
    public async Task A_standby_answers_307_to_the_leader_and_503_while_none_is_known_but_health_always()
    {
        _leader.Update(LeaderView.NoLeader);
        using var noLeader = await _http.PostAsync("/api/v1/scheduler", new StringContent("{}"));
        using var healthWithoutLeader = await _http.GetAsync("/master/health");

        _leader.Update(LeaderView.Other(_cluster.Uri));
        using var state = await _http.GetAsync("/master/state?jsonp=cb");
        using var redirect = await _http.GetAsync("/master/redirect");

        Assert.That(noLeader.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await noLeader.Content.ReadAsStringAsync(), Is.EqualTo("No leader elected"));
        Assert.That(healthWithoutLeader.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.TemporaryRedirect));
        Assert.That(state.Headers.Location, Is.EqualTo(new Uri(_cluster.Uri, "/master/state?jsonp=cb")));
        Assert.That(redirect.Headers.Location, Is.EqualTo(new Uri(_cluster.Uri.GetLeftPart(UriPartial.Authority))));
    }

    [Test]
    public async Task Following_the_redirect_reaches_the_leaders_state()
    {
        _leader.Update(LeaderView.Other(_cluster.Uri));
        using var following = new HttpClient { BaseAddress = _standby.Address };

        using var state = await following.GetAsync("/master/state");

        Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(state.RequestMessage!.RequestUri!.Port, Is.EqualTo(_cluster.Uri.Port));
    }
}
