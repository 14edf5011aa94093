namespace Scheduler.Framework.Tests;

[TestFixture]
public class MasterEndpointTests
{
    [Test]
    public void The_scheduler_api_lives_under_the_master_address()
    {
        Assert.That(new MasterEndpoint(new Uri("http://m1:5050")).SchedulerApi, Is.EqualTo(new Uri("http://m1:5050/api/v1/scheduler")));
        Assert.That(new MasterEndpoint(new Uri("http://proxy/mesos")).SchedulerApi, Is.EqualTo(new Uri("http://proxy/mesos/api/v1/scheduler")));
    }

    [TestCase("//m2:5050/api/v1/scheduler", "http://m2:5050/api/v1/scheduler")]
    [TestCase("m2:5050", "http://m2:5050/api/v1/scheduler")]
    [TestCase("https://m3:8443/mesos/api/v1/scheduler", "https://m3:8443/mesos/api/v1/scheduler")]
    [TestCase("/elsewhere/api/v1/scheduler", "http://m1:5050/elsewhere/api/v1/scheduler")]
    public void A_redirect_moves_the_endpoint_to_the_named_master(string location, string expected)
    {
        var endpoint = new MasterEndpoint(new Uri("http://m1:5050"));

        endpoint.Redirect(endpoint.SchedulerApi, location);

        Assert.That(endpoint.SchedulerApi, Is.EqualTo(new Uri(expected)));
    }
}
