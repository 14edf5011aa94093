namespace Scheduler.Integration.Tests;

/// <summary>A fixture sharing one real cluster (see <see cref="TestCluster"/>) among its tests.</summary>
[NonParallelizable]
public abstract class ClusterFixture
{
    protected TestCluster Cluster { get; private set; } = null!;

    /// <summary>The master's HTTP address as <c>sched --master</c> takes it.</summary>
    protected string MasterAddress => Cluster.MasterUri.Authority;

    /// <summary>Ignores the fixture, saying why, when something else it needs is missing.</summary>
    protected virtual void RequireMore()
    {
    }

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        if (!CgroupsAvailable.Check(out var why)) Assert.Ignore(why);
        RequireMore();
        Cluster = await TestCluster.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
    }
}
