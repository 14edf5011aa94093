using Google.Protobuf;
using Scheduler.Agent.Recovery;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;

namespace Scheduler.Agent.Tests.Recovery;

[TestFixture]
public sealed class StatusUpdateLogTests
{
    private string _file = "";

    [SetUp]
    public void CreateFile() => _file = Path.Combine(Directory.CreateTempSubdirectory("update-log-").FullName, "task.updates");

    [TearDown]
    public void RemoveFile() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);

    [Test]
    public void Updates_and_acknowledgements_replay_in_the_order_they_were_written()
    {
        var running = Update(TaskState.TaskRunning);
        var finished = Update(TaskState.TaskFinished);
        StatusUpdateLog.AppendUpdate(_file, running);
        StatusUpdateLog.AppendAcknowledgement(_file, new Guid(running.Status.Uuid.Span));
        StatusUpdateLog.AppendUpdate(_file, finished);

        var records = StatusUpdateLog.Replay(_file);

        Assert.Multiple(() =>
        {
            Assert.That(records, Has.Count.EqualTo(3));
            Assert.That(records[0].Update, Is.EqualTo(running));
            Assert.That(records[1], Is.EqualTo(((StatusUpdateReported?)null, new Guid(running.Status.Uuid.Span))));
            Assert.That(records[2].Update, Is.EqualTo(finished));
        });
    }

    [Test]
    public void A_record_cut_short_by_a_crash_ends_the_replay()
    {
        StatusUpdateLog.AppendUpdate(_file, Update(TaskState.TaskRunning));
        StatusUpdateLog.AppendUpdate(_file, Update(TaskState.TaskFinished));
        var bytes = File.ReadAllBytes(_file);
        File.WriteAllBytes(_file, bytes[..^3]);

        var records = StatusUpdateLog.Replay(_file);

        Assert.That(records.Select(r => r.Update!.Status.State), Is.EqualTo(new[] { TaskState.TaskRunning }));
    }

    [Test]
    public void A_missing_log_replays_nothing() =>
        Assert.That(StatusUpdateLog.Replay(_file + ".absent"), Is.Empty);

    private static StatusUpdateReported Update(TaskState state) => new()
    {
        FrameworkId = new FrameworkID { Value = "framework-1" },
        Status = new Protocol.V1.TaskStatus
        {
            TaskId = new TaskID { Value = "task-1" }, State = state,
            Uuid = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
        },
    };
}
