using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Scheduler.Services.Apps;
using Scheduler.Services.Specs;
using Scheduler.Services.Storage;
using Attribute = Scheduler.Protocol.V1.Attribute;

namespace Scheduler.Services.Tests;

[TestFixture]
public sealed class ServiceBookTests
{
    private const string HealthChecked = "healthChecks:\n  - {protocol: COMMAND, command: 'true'}\n";
    private ManualClock clock = null!;
    private SqliteServiceStore store = null!;
    private ServiceBook book = null!;
    private int offers;

    [SetUp]
    public void CreateBook()
    {
        clock = new ManualClock();
        store = new SqliteServiceStore(":memory:");
        book = new ServiceBook(store, clock);
    }

    [TearDown]
    public void DisposeStore() => store.Dispose();

    private Offer AnOffer(string host = "h1", string resources = "cpus:8;mem:4096", string? rack = null)
    {
        var offer = new Offer
        {
            Id = new OfferID { Value = $"offer-{++offers}" }, AgentId = new AgentID { Value = $"agent-{host}" }, Hostname = host,
            FrameworkId = new FrameworkID { Value = "fw" },
        };
        offer.Resources.AddRange(ResourceSet.Parse(resources).Allocate("*").ToProto());
        if (rack is not null)
            offer.Attributes.Add(new Attribute { Name = "rack", Type = Value.Types.Type.Text, Text = new Value.Types.Text { Value = rack } });
        return offer;
    }

    private App Deploy(string yaml) => book.Deploy(AppSpecParser.Parse(yaml), yaml);

    private List<string> Launch(params Offer[] batch) => book.PlanLaunches(batch).Tasks.Keys.ToList();

    private void Report(string taskId, TaskState state, bool? healthy = null)
    {
        var status = new TaskStatus { TaskId = new TaskID { Value = taskId }, State = state };
        if (healthy is { } value) status.Healthy = value;
        Assert.That(book.Update(status), Is.True);
    }

    private void RunHealthy(IEnumerable<string> taskIds)
    {
        foreach (var id in taskIds) Report(id, TaskState.TaskRunning, healthy: true);
    }

    private List<string> EndKilled()
    {
        var kills = book.DueKills().Select(kill => kill.TaskId).ToList();
        foreach (var id in kills) Report(id, TaskState.TaskKilled);
        return kills;
    }

    [Test]
    public void An_app_launches_its_instances_with_its_health_check_and_its_deployment_ends_once_they_are_healthy()
    {
        var app = Deploy("id: web\ncmd: sleep 1000\ncpus: 0.1\nmem: 16\ninstances: 3\n" + HealthChecked);

        var plan = book.PlanLaunches([AnOffer()]);

        Assert.That(plan.Tasks, Has.Count.EqualTo(3));
        Assert.That(plan.Tasks.Values.Select(task => task.HealthCheck.Type), Is.All.EqualTo(HealthCheck.Types.Type.Command));
        Assert.That(plan.Tasks.Values.First().Command.Environment.Variables.Single(v => v.Name == "MARATHON_APP_ID").Value, Is.EqualTo("/web"));
        Report(plan.Tasks.Keys.First(), TaskState.TaskRunning);
        Assert.That(app.Deployment, Is.Not.Null, "running is not healthy yet when the app has a health check");
        RunHealthy(plan.Tasks.Keys);
        Assert.That(app.Deployment, Is.Null);
        Assert.That(Launch(AnOffer()), Is.Empty);
        Assert.That(book.HasPendingWork(), Is.False);
    }

    [Test]
    public void An_ended_instance_is_replaced_after_a_backoff_that_grows_by_the_factor_up_to_the_maximum()
    {
        Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 16\nbackoffSeconds: 1\nbackoffFactor: 2\nmaxLaunchDelaySeconds: 5\n");
        var task = Launch(AnOffer()).Single();
        var waits = new List<double>();
        for (var failure = 1; failure <= 5; failure++)
        {
            Report(task, TaskState.TaskRunning);
            Report(task, TaskState.TaskFailed);
            Assert.That(book.HasPendingWork(), Is.True);
            var waited = 0.0;
            List<string> launched;
            while ((launched = Launch(AnOffer())).Count == 0)
            {
                Assert.That(book.WaitingFor(book.Find("web")!)!.Reason, Does.StartWith("backoff after"));
                clock.Advance(TimeSpan.FromMilliseconds(250));
                waited += 0.25;
            }
            waits.Add(waited);
            task = launched.Single();
        }

        Assert.That(waits, Is.EqualTo(new[] { 1.0, 2, 4, 5, 5 }));
        Assert.That(book.Find("web")!.LastFailure, Does.EndWith("TASK_FAILED"));
    }

    [Test]
    public void An_instance_that_was_healthy_for_a_minute_before_it_failed_starts_the_count_of_failures_afresh()
    {
        Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 16\nbackoffSeconds: 3\nbackoffFactor: 2\n");
        var task = Launch(AnOffer()).Single();
        Report(task, TaskState.TaskFailed);
        clock.Advance(TimeSpan.FromSeconds(3));
        task = Launch(AnOffer()).Single();
        Report(task, TaskState.TaskRunning);
        clock.Advance(ServiceBook.StableRunTime);

        Report(task, TaskState.TaskFailed);

        Assert.That(book.Find("web")!.DelayUntil, Is.EqualTo(clock.GetUtcNow() + TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void An_instance_killed_for_failing_its_health_check_is_replaced()
    {
        var app = Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 16\ninstances: 2\n" + HealthChecked);
        var tasks = Launch(AnOffer());
        RunHealthy(tasks);

        Report(tasks[0], TaskState.TaskRunning, healthy: false);
        Assert.That(app.Active.Count(instance => instance.IsHealthy), Is.EqualTo(1));
        Report(tasks[0], TaskState.TaskKilled, healthy: false);
        clock.Advance(TimeSpan.FromSeconds(1));

        var replacement = Launch(AnOffer());
        Assert.That(replacement, Has.Count.EqualTo(1));
        Assert.That(replacement, Does.Not.Contain(tasks[1]));
    }

    [Test]
    public void Scaling_down_kills_the_newest_instances_and_is_no_failure_and_scaling_up_launches_more()
    {
        var app = Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 16\ninstances: 4\n");
        var tasks = Launch(AnOffer());
        RunHealthy(tasks);
        var newest = app.Instances.OrderByDescending(instance => instance.Serial).Take(2).Select(instance => instance.TaskId);

        var scaled = book.Scale("web", 2)!;

        Assert.That(scaled.Deployment!.Kind, Is.EqualTo(DeploymentKind.Scale));
        Assert.That(EndKilled(), Is.EquivalentTo(newest));
        Assert.That((app.Failures, app.DelayUntil), Is.EqualTo((0, (DateTimeOffset?)null)));
        Assert.That(app.Deployment, Is.Null);
        book.Scale("web", 5);
        Assert.That(Launch(AnOffer()), Has.Count.EqualTo(3));
        Assert.That(app.Version, Is.EqualTo(1), "scaling is no new version");
    }

    [Test]
    public void Deploying_the_same_configuration_with_another_count_scales_and_replaces_nothing()
    {
        var app = Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 16\ninstances: 1\n");
        RunHealthy(Launch(AnOffer()));

        Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 16\ninstances: 2\nbackoffSeconds: 9\n");

        Assert.That((app.Version, app.Deployment!.Kind, app.Spec.BackoffSeconds), Is.EqualTo((1, DeploymentKind.Scale, 9.0)));
        Assert.That(book.DueKills(), Is.Empty);
        Assert.That(Launch(AnOffer()), Has.Count.EqualTo(1));
    }

    private static IEnumerable<TestCaseData> ConstraintCases()
    {
        yield return new TestCaseData("[hostname, UNIQUE]", 4, new[] { "h1", "h2", "h3" }).SetName("UNIQUE hostname: one per host");
        yield return new TestCaseData("[rack, CLUSTER, r2]", 2, new[] { "h3", "h3" }).SetName("CLUSTER rack r2: only there");
        yield return new TestCaseData("[rack, GROUP_BY, '2']", 4, new[] { "h1", "h1", "h3", "h3" }).SetName("GROUP_BY rack 2: spread over both racks");
        yield return new TestCaseData("[hostname, LIKE, 'h[12]']", 2, new[] { "h1", "h1" }).SetName("LIKE hostname: only matching hosts");
        yield return new TestCaseData("[rack, UNLIKE, r1]", 2, new[] { "h3", "h3" }).SetName("UNLIKE rack r1: elsewhere");
        yield return new TestCaseData("[rack, MAX_PER, '1']", 3, new[] { "h1", "h3" }).SetName("MAX_PER rack 1: one per rack");
    }

    [TestCaseSource(nameof(ConstraintCases))]
    public void Instances_go_only_where_the_constraint_allows(string constraint, int instances, string[] hosts)
    {
        var app = Deploy($"id: web\ncmd: x\ncpus: 0.1\nmem: 16\ninstances: {instances}\nconstraints:\n  - {constraint}\n");

        Launch(AnOffer("h1", rack: "r1"), AnOffer("h2", rack: "r1"), AnOffer("h3", rack: "r2"));

        Assert.That(app.Active.Select(instance => instance.Hostname).Order(), Is.EqualTo(hosts));
        if (hosts.Length < instances)
            Assert.That(book.WaitingFor(app)!.Reason, Does.StartWith("no offer matched: ").And.Contains($"{app.Spec.Constraints[0]} refused"));
    }

    [Test]
    public void Constraints_count_the_instances_already_running()
    {
        var app = Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 16\ninstances: 2\nconstraints: [[hostname, UNIQUE]]\n");
        Launch(AnOffer("h1"));

        Assert.That(Launch(AnOffer("h1")), Is.Empty);
        Assert.That(book.WaitingFor(app), Is.EqualTo(new Waiting(1, "no offer matched: [\"hostname\", \"UNIQUE\"] refused 1 offer")));
        Assert.That(Launch(AnOffer("h2")), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_waiting_instance_says_which_resource_no_offer_had()
    {
        var app = Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 128\n");

        Launch(AnOffer("h1", "cpus:1;mem:64"), AnOffer("h2", "cpus:1;mem:32"));

        Assert.That(book.WaitingFor(app), Is.EqualTo(new Waiting(1, "no offer matched: mem short on 2 offers (needs 128, at most 64 offered)")));
    }

    [TestCase(4, 0.5, 0.5)]
    [TestCase(3, 0.5, 0.0)]
    [TestCase(3, 1.0, 1.0)]
    [TestCase(5, 0.6, 0.2)]
    [TestCase(2, 0.0, 0.0)]
    public void A_rolling_upgrade_keeps_within_its_bounds_at_every_step(int instances, double minimumHealth, double maximumOver)
    {
        var strategy = $"upgradeStrategy: {{minimumHealthCapacity: {minimumHealth}, maximumOverCapacity: {maximumOver}}}\n";
        var common = $"cpus: 0.1\nmem: 16\ninstances: {instances}\n{HealthChecked}{strategy}";
        var app = Deploy("id: web\ncmd: sleep 1\n" + common);
        RunHealthy(Launch(AnOffer()));
        var fewestHealthy = app.Spec.UpgradeStrategy.MinimumHealthy(instances);
        var mostInAll = app.Spec.UpgradeStrategy.MaximumTotal(instances);
        void CheckBounds(string step)
        {
            Assert.That(app.Active.Count(instance => instance.IsHealthy && !instance.KillRequested), Is.GreaterThanOrEqualTo(fewestHealthy), step);
            Assert.That(app.Active.Count(), Is.LessThanOrEqualTo(mostInAll), step);
        }

        Deploy("id: web\ncmd: sleep 2\n" + common);
        Assert.That((app.Version, app.Deployment!.Kind), Is.EqualTo((2, DeploymentKind.Upgrade)));
        for (var round = 0; app.Deployment is not null; round++)
        {
            Assert.That(round, Is.LessThan(20), "the deployment ends");
            var kills = book.DueKills();
            CheckBounds($"round {round}: kills chosen");
            var launched = Launch(AnOffer());
            CheckBounds($"round {round}: launched {launched.Count}");
            foreach (var kill in kills)
            {
                Report(kill.TaskId, TaskState.TaskKilled);
                CheckBounds($"round {round}: {kill.TaskId} ended");
            }
            foreach (var id in launched) Report(id, TaskState.TaskRunning);
            CheckBounds($"round {round}: new instances running, not yet healthy");
            foreach (var id in launched)
            {
                Report(id, TaskState.TaskRunning, healthy: true);
                CheckBounds($"round {round}: {id} healthy");
            }
        }

        Assert.That(app.Active.Select(instance => (instance.Version, instance.IsHealthy)), Is.EqualTo(Enumerable.Repeat((2, true), instances)));
    }

    [Test]
    public void With_no_room_at_all_an_upgrade_replaces_one_old_instance_at_a_time_as_marathon_does()
    {
        var common = "cpus: 0.1\nmem: 16\ninstances: 3\nupgradeStrategy: {minimumHealthCapacity: 1, maximumOverCapacity: 0}\n";
        var app = Deploy("id: web\ncmd: sleep 1\n" + common);
        RunHealthy(Launch(AnOffer()));
        Deploy("id: web\ncmd: sleep 2\n" + common);

        for (var round = 0; app.Deployment is not null; round++)
        {
            Assert.That(round, Is.LessThan(10), "the deployment ends");
            Assert.That(EndKilled(), Has.Count.EqualTo(1));
            Assert.That(app.Active.Count(instance => instance.IsHealthy), Is.EqualTo(2));
            var launched = Launch(AnOffer());
            Assert.That(launched, Has.Count.EqualTo(1));
            RunHealthy(launched);
            Assert.That(app.Active.Count(), Is.EqualTo(3));
        }
        Assert.That(app.Active.Select(instance => instance.Version), Is.All.EqualTo(2));
    }

    [Test]
    public void Without_a_health_check_running_counts_as_healthy_in_an_upgrade()
    {
        var common = "cpus: 0.1\nmem: 16\ninstances: 2\nupgradeStrategy: {minimumHealthCapacity: 1, maximumOverCapacity: 1}\n";
        var app = Deploy("id: web\ncmd: sleep 1\n" + common);
        foreach (var id in Launch(AnOffer())) Report(id, TaskState.TaskRunning);
        Assert.That(app.Deployment, Is.Null);

        book.Restart("web");
        Assert.That(book.DueKills(), Is.Empty, "no old instance may go before a new one runs");
        var launched = Launch(AnOffer());
        Assert.That(launched, Has.Count.EqualTo(2));
        Report(launched[0], TaskState.TaskRunning);

        Assert.That(book.DueKills(), Has.Count.EqualTo(1));
        Assert.That(app.Deployment!.Kind, Is.EqualTo(DeploymentKind.Restart));
    }

    [Test]
    public void A_removed_app_kills_its_instances_and_is_forgotten_once_they_ended()
    {
        Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 16\ninstances: 2\n");
        RunHealthy(Launch(AnOffer()));

        Assert.That(book.Remove("web"), Is.True);
        Assert.Throws<InvalidOperationException>(() => Deploy("id: web\ncmd: x\n"));
        Assert.That(EndKilled(), Has.Count.EqualTo(2));

        Assert.That(book.Find("web"), Is.Null);
        Assert.That(new ServiceBook(store, clock).Apps, Is.Empty);
    }

    [Test]
    public void A_kill_without_an_answer_is_sent_again()
    {
        Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 16\ninstances: 1\n");
        Launch(AnOffer());
        book.Scale("web", 0);

        Assert.That(book.DueKills(), Has.Count.EqualTo(1));
        Assert.That(book.DueKills(), Is.Empty);
        clock.Advance(ServiceBook.KillRetryInterval);
        Assert.That(book.DueKills(), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_restarted_book_adopts_the_running_instances_and_the_deployment_in_progress_and_relaunches_nothing()
    {
        var app = Deploy("id: web\ncmd: sleep 1\ncpus: 0.1\nmem: 16\ninstances: 2\n" + HealthChecked);
        var tasks = Launch(AnOffer("h1", rack: "r1"));
        RunHealthy(tasks);
        book.Scale("web", 3);
        Deploy("id: web\ncmd: sleep 2\ncpus: 0.1\nmem: 16\ninstances: 3\n" + HealthChecked);
        var deployment = app.Deployment;

        var restarted = new ServiceBook(store, clock);
        var adopted = restarted.Find("web")!;

        Assert.That(adopted.Spec.Instances, Is.EqualTo(3));
        Assert.That(adopted.Spec.Cmd, Is.EqualTo("sleep 2"));
        Assert.That((adopted.Version, adopted.Deployment), Is.EqualTo((2, deployment)));
        Assert.That(adopted.Instances.Select(instance => (instance.TaskId, instance.Version, instance.IsHealthy, instance.Attributes["rack"])),
            Is.EquivalentTo(tasks.Select(id => (id, 1, true, "r1"))));
        Assert.That(restarted.ActiveTasks().Select(task => task.TaskId), Is.EquivalentTo(tasks));
        Assert.That(restarted.PlanLaunches([AnOffer()]).Tasks, Has.Count.EqualTo(3), "the new version's instances, as before the restart");
        Assert.That(new ServiceBook(store, clock).Find("web")!.Active.Count(), Is.EqualTo(5), "launches are stored before they are made");
    }

    [Test]
    public void A_restarted_book_launches_nothing_for_an_app_whose_instances_run()
    {
        Deploy("id: web\ncmd: sleep 1\ncpus: 0.1\nmem: 16\ninstances: 2\n");
        var tasks = Launch(AnOffer());
        foreach (var id in tasks) Report(id, TaskState.TaskRunning);

        var restarted = new ServiceBook(store, clock);

        Assert.That(restarted.PlanLaunches([AnOffer()]).Tasks, Is.Empty);
        Assert.That(restarted.HasPendingWork(), Is.False);
        Assert.That(restarted.Update(new TaskStatus { TaskId = new TaskID { Value = tasks[0] }, State = TaskState.TaskLost }), Is.True);
        Assert.That(restarted.HasPendingWork(), Is.True, "a task the master lost while the framework was down is replaced");
    }

    [Test]
    public void A_refused_launch_is_no_failure()
    {
        var app = Deploy("id: web\ncmd: x\ncpus: 0.1\nmem: 16\n");
        var task = Launch(AnOffer()).Single();

        book.LaunchFailed([task], "the master refused the launch");

        Assert.That((app.Failures, app.Current.Count()), Is.EqualTo((0, 0)));
        Assert.That(Launch(AnOffer()), Has.Count.EqualTo(1));
    }
}
