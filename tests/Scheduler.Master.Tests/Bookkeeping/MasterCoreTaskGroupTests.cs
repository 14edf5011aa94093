using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;
using Operation = Scheduler.Protocol.V1.Offer.Types.Operation;
using TaskStatus = Scheduler.Protocol.V1.TaskStatus;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>
/// LAUNCH_GROUP under the default executor, in the intent of Mesos's master tests for task groups: all tasks or
/// none, the executor's resources held while any of its tasks runs.
/// </summary>
[TestFixture]
public sealed class MasterCoreTaskGroupTests
{
    private MasterUnderTest _master = null!;
    private string _agentId = "";
    private SubscribedFramework _framework = null!;

    [SetUp]
    public void SetUp()
    {
        _master = new MasterUnderTest();
        _agentId = _master.AddAgent("cpus:2;mem:1024");
        _framework = _master.Subscribe("grouped");
    }

    [Test]
    public void A_group_goes_to_the_agent_in_one_message_with_the_executor_and_its_resources_counted()
    {
        var offer = _master.SingleOfferTo(_framework);

        var effects = _master.Call(_framework, OfferOperations.Accept(_framework.Id, offer.Id.Value,
            Group("cpus:0.1;mem:32", TaskInfos.Shell("web", "cpus:0.5;mem:128"), TaskInfos.Shell("sidecar", "cpus:0.2;mem:64"))));

        var run = effects.MessagesTo<RunTaskGroup>(_agentId).Single();
        Assert.That(run.TaskGroup.Tasks.Select(t => t.TaskId.Value), Is.EqualTo(new[] { "web", "sidecar" }));
        Assert.That(run.Executor.Type, Is.EqualTo(ExecutorInfo.Types.Type.Default));
        Assert.That(run.Executor.FrameworkId.Value, Is.EqualTo(_framework.Id));
        Assert.That(effects.MessagesTo<RunTask>(_agentId), Is.Empty);
        Assert.That(_master.Agent(_agentId).Used.Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:0.8;mem:224")));
        Assert.That(_master.Record(_framework).Tasks["web"].ExecutorId.Value, Is.EqualTo("default"));
    }

    [Test]
    public void One_invalid_task_refuses_the_whole_group_with_the_task_group_reason()
    {
        var offer = _master.SingleOfferTo(_framework);

        var effects = _master.Call(_framework, OfferOperations.Accept(_framework.Id, offer.Id.Value,
            Group("cpus:0.1;mem:32", TaskInfos.Shell("web", "cpus:0.5;mem:128"), TaskInfos.Shell("greedy", "cpus:8;mem:64"))));

        Assert.That(effects.MessagesTo<RunTaskGroup>(_agentId), Is.Empty);
        var updates = effects.UpdatesTo(_framework.Id);
        Assert.That(updates.Select(u => (u.TaskId.Value, u.State, u.Reason)), Is.EqualTo(new[]
        {
            ("web", TaskState.TaskError, TaskStatus.Types.Reason.TaskGroupInvalid),
            ("greedy", TaskState.TaskError, TaskStatus.Types.Reason.TaskGroupInvalid),
        }));
        Assert.That(updates[0].Message, Does.StartWith("Task 'greedy': Task uses more resources"));
        Assert.That(_master.Agent(_agentId).Used, Is.EqualTo(ResourceSet.Empty));
    }

    [Test]
    public void A_custom_executor_is_refused()
    {
        var offer = _master.SingleOfferTo(_framework);
        var operation = Group("cpus:0.1;mem:32", TaskInfos.Shell("web", "cpus:0.5;mem:128"));
        operation.LaunchGroup.Executor.Type = ExecutorInfo.Types.Type.Custom;

        var effects = _master.Call(_framework, OfferOperations.Accept(_framework.Id, offer.Id.Value, operation));

        Assert.That(effects.UpdatesTo(_framework.Id).Single().Message, Is.EqualTo("Only the DEFAULT executor is supported with LAUNCH_GROUP"));
    }

    [Test]
    public void The_executors_resources_come_back_when_its_last_task_ends()
    {
        var offer = _master.SingleOfferTo(_framework);
        var effects = _master.Call(_framework, OfferOperations.Accept(_framework.Id, offer.Id.Value,
            Group("cpus:0.1;mem:32", TaskInfos.Shell("web", "cpus:0.5;mem:128"), TaskInfos.Shell("sidecar", "cpus:0.2;mem:64"))));
        var group = effects.MessagesTo<RunTaskGroup>(_agentId).Single();

        _master.Report(new RunTask { Framework = group.Framework, Task = group.TaskGroup.Tasks[0] }, TaskState.TaskFinished);
        Assert.That(_master.Agent(_agentId).Used.Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:0.3;mem:96")), "the executor stays while a task runs");

        _master.Report(new RunTask { Framework = group.Framework, Task = group.TaskGroup.Tasks[1] }, TaskState.TaskFinished);
        Assert.That(_master.Agent(_agentId).Used, Is.EqualTo(ResourceSet.Empty));
        Assert.That(_master.Record(_framework).Executors, Is.Empty);
        _master.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(ResourceSet.FromProto(_master.SingleOfferTo(_framework).Resources).Unallocate(), Is.EqualTo(ResourceSet.Parse("cpus:2;mem:1024")));
    }

    private static Operation Group(string executorResources, params TaskInfo[] tasks)
    {
        var executor = new ExecutorInfo { Type = ExecutorInfo.Types.Type.Default, ExecutorId = new ExecutorID { Value = "default" } };
        executor.Resources.AddRange(ResourceSet.Parse(executorResources).ToProto());
        var launch = new Operation.Types.LaunchGroup { Executor = executor, TaskGroup = new TaskGroupInfo() };
        launch.TaskGroup.Tasks.AddRange(tasks);
        return new Operation { Type = Operation.Types.Type.LaunchGroup, LaunchGroup = launch };
    }
}
