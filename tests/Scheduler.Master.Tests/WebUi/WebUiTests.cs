using System.Net;
using System.Text.RegularExpressions;
using Scheduler.Master.Tests.Http;

namespace Scheduler.Master.Tests.WebUi;

/// <summary>The web page at <c>/</c>, fetched over real HTTP from a running master.</summary>
[TestFixture]
[NonParallelizable]
public sealed class WebUiTests
{
    private SingleMaster _master = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _master = await SingleMaster.StartAsync();
        _http = new HttpClient { BaseAddress = _master.Uri, Timeout = TimeSpan.FromSeconds(20) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _master.DisposeAsync();
    }

    [Test]
    public async Task The_root_serves_an_html_page()
    {
        using var response = await _http.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        var page = await response.Content.ReadAsStringAsync();
        Assert.That(page, Does.StartWith("<!DOCTYPE html>"));
        Assert.That(page, Does.Contain("<script>").And.Contain("</html>"));
    }

    [Test]
    public async Task The_page_polls_a_state_endpoint_the_master_serves()
    {
        var page = await _http.GetStringAsync("/");
        var stateUrl = Regex.Match(page, "const STATE_URL = \"([^\"]+)\"").Groups[1].Value;
        Assert.That(stateUrl, Is.EqualTo("master/state"));

        using var state = await _http.GetAsync(new Uri(new Uri(_master.Uri, "/"), stateUrl));
        Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await state.Content.ReadAsStringAsync(), Does.Contain("\"slaves\""));
    }

    [Test]
    public async Task The_page_shows_totals_agents_frameworks_roles_tasks_and_a_sandbox_viewer()
    {
        var page = await _http.GetStringAsync("/");

        Assert.That(page, Does.Contain("id=\"totals\"").And.Contain("id=\"agents\"").And.Contain("id=\"frameworks\"")
            .And.Contain("id=\"tasks\"").And.Contain("id=\"task-states\"").And.Contain("offer_stats")
            .And.Contain("id=\"roles\"").And.Contain("id=\"sandbox\"").And.Contain("\"SUBSCRIBE\""));
    }
}
