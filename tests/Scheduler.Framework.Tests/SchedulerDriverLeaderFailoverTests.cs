using Scheduler.Framework.Tests.Fixtures;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Framework.Tests;

[TestFixture]
public class SchedulerDriverLeaderFailoverTests
{
    [Test]
    public async Task When_the_leader_dies_the_driver_resubscribes_through_another_master_and_follows_it_to_the_new_leader()
    {
        var oldLeader = await FakeMaster.StartAsync();
        await using var standby = await FakeMaster.StartAsync();
        await using var newLeader = await FakeMaster.StartAsync();
        var scheduler = new RecordingScheduler();
        await using var driver = new SchedulerDriver(scheduler, new SchedulerDriverOptions
        {
            Master = oldLeader.Address,
            OtherMasters = [standby.Address],
            FrameworkInfo = new FrameworkInfo { User = "root", Name = "failover", FailoverTimeout = 60 },
            InitialReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        });
        await driver.StartAsync();
        await RecordingScheduler.Next(scheduler.Subscriptions);

        standby.RedirectTo = newLeader.Address;
        await oldLeader.DisposeAsync();
        await RecordingScheduler.Next(scheduler.Disconnections);
        var resubscribe = await newLeader.NextCallAsync(Call.Types.Type.Subscribe);
        await RecordingScheduler.Next(scheduler.Subscriptions);
        await driver.ReviveAsync();
        var revive = await newLeader.NextSchedulerCallAsync();

        Assert.That(resubscribe.Call.Subscribe.FrameworkInfo.Id.Value, Is.EqualTo(FakeMaster.AssignedFrameworkId));
        Assert.That(driver.SchedulerEndpoint, Is.EqualTo(new Uri(newLeader.Address, "api/v1/scheduler")));
        Assert.That(revive.Call.Type, Is.EqualTo(Call.Types.Type.Revive));
        Assert.That(standby.AllCalls.Select(c => c.Call.Type), Is.EqualTo(new[] { Call.Types.Type.Subscribe }),
            "the standby only redirected the resubscription");
    }
}
