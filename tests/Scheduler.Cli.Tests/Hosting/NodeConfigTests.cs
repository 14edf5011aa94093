using Scheduler.Cli.Hosting;

namespace Scheduler.Cli.Tests.Hosting;

[TestFixture]
public sealed class NodeConfigTests
{
    private const string SplitBrainResolver = "akka.cluster.split-brain-resolver";

    [TestCase("master")]
    [TestCase("agent")]
    public void Reachability_churn_of_agents_never_downs_every_node(string role)
    {
        // Akka's default downs the whole cluster, masters included, once reachability has kept changing for
        // stable-after plus 4 s, whatever the role of the members that come and go: agents killed and restarted
        // every few seconds did exactly that and left no master.
        var config = NodeConfig.Build(new NodeOptions { Roles = [role] });

        Assert.Multiple(() =>
        {
            Assert.That(config.GetString($"{SplitBrainResolver}.down-all-when-unstable"), Is.EqualTo("off"));
            Assert.That(config.GetString($"{SplitBrainResolver}.active-strategy"), Is.EqualTo("keep-majority"));
            Assert.That(config.GetString($"{SplitBrainResolver}.keep-majority.role"), Is.EqualTo(Scheduler.Master.MasterNode.Role));
        });
    }

    [Test]
    public void A_cluster_config_file_may_turn_down_all_when_unstable_back_on()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, $"{SplitBrainResolver}.down-all-when-unstable = 15s");
            var config = NodeConfig.Build(new NodeOptions { Roles = ["master"], ClusterConfigFile = file });
            Assert.That(config.GetTimeSpan($"{SplitBrainResolver}.down-all-when-unstable"), Is.EqualTo(TimeSpan.FromSeconds(15)));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
