using Scheduler.Cli.Hosting;
using Scheduler.Master.Leadership.Downing;

namespace Scheduler.Cli.Tests.Hosting;

[TestFixture]
public sealed class NodeConfigTests
{
    [TestCase("master")]
    [TestCase("agent")]
    public void Every_node_downs_with_the_masters_quorum_and_the_cluster_timings(string role)
    {
        // Akka's split-brain resolver counts what agents observe: agents killed and restarted every few seconds made
        // it down every node, masters included.
        var timings = new ClusterTimings();
        var config = NodeConfig.Build(new NodeOptions { Roles = [role], Timings = timings });
        var settings = QuorumDowningSettings.From(config);

        Assert.Multiple(() =>
        {
            Assert.That(config.GetString("akka.cluster.downing-provider-class"), Does.StartWith(typeof(QuorumDowningProvider).FullName!));
            Assert.That(settings.StableAfter, Is.EqualTo(timings.StableAfter));
            Assert.That(settings.PingInterval, Is.EqualTo(timings.HeartbeatInterval));
            Assert.That(settings.AcceptablePause, Is.EqualTo(timings.AcceptableHeartbeatPause));
            Assert.That(settings.DownRemovalMargin, Is.EqualTo(timings.DownRemovalMargin));
        });
    }

    [Test]
    public void A_cluster_config_file_overrides_the_generated_timings()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, $"{QuorumDowningSettings.Section}.stable-after = 3s");
            var config = NodeConfig.Build(new NodeOptions { Roles = ["master"], ClusterConfigFile = file });
            Assert.That(QuorumDowningSettings.From(config).StableAfter, Is.EqualTo(TimeSpan.FromSeconds(3)));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
