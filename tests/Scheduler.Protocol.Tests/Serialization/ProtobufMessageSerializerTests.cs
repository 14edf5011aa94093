using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Google.Protobuf;
using Scheduler.Protocol.Internal;
using Scheduler.Protocol.Serialization;
using Scheduler.Protocol.V1;
using Scheduler.Protocol.V1.SchedulerApi;
using AkkaSerialization = Akka.Serialization.Serialization;

namespace Scheduler.Protocol.Tests.Serialization;

[TestFixture]
public class ProtobufMessageSerializerTests
{
    private const string RemoteConfig = """
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp {
          hostname = 127.0.0.1
          port = 0
        }
        """;

    private ActorSystem? system;

    [TearDown]
    public async System.Threading.Tasks.Task ShutdownSystem()
    {
        if (system is not null)
            await system.Terminate();
        system = null;
    }

    private AkkaSerialization StartSystem(string extraConfig = "")
    {
        var config = ConfigurationFactory.ParseString(extraConfig).WithFallback(ProtocolSerialization.Config);
        system = ActorSystem.Create("protocol-serialization", config);
        return system.Serialization;
    }

    private static T RoundTrip<T>(AkkaSerialization serialization, T message, out string manifest) where T : IMessage
    {
        var serializer = serialization.FindSerializerFor(message);
        Assert.That(serializer, Is.InstanceOf<ProtobufMessageSerializer>());

        manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var bytes = serializer.ToBinary(message);
        return (T)serialization.Deserialize(bytes, serializer.Identifier, manifest);
    }

    [TestCase("")]
    [TestCase(RemoteConfig)]
    public void Internal_messages_round_trip_with_their_repeated_fields(string extraConfig)
    {
        var serialization = StartSystem(extraConfig);
        var reregister = new ReregisterAgent
        {
            AgentInfo = new AgentInfo
            {
                Hostname = "node-1",
                Id = new AgentID { Value = "agent-1" },
                Resources = { SampleMessages.Scalar("cpus", 8), SampleMessages.Ports(31000, 32000) },
            },
            Tasks =
            {
                new V1.Task
                {
                    Name = "a", TaskId = new TaskID { Value = "t1" }, FrameworkId = new FrameworkID { Value = "f" },
                    AgentId = new AgentID { Value = "agent-1" }, State = TaskState.TaskRunning,
                    Statuses = { SampleMessages.RunningStatus("t1") },
                },
                new V1.Task
                {
                    Name = "b", TaskId = new TaskID { Value = "t2" }, FrameworkId = new FrameworkID { Value = "f" },
                    AgentId = new AgentID { Value = "agent-1" }, State = TaskState.TaskStaging,
                },
            },
            Version = "1.0",
        };

        var copy = RoundTrip(serialization, reregister, out var manifest);

        Assert.That(manifest, Is.EqualTo("scheduler.internal.ReregisterAgent"));
        Assert.That(copy, Is.EqualTo(reregister));
        Assert.That(copy.Tasks.Select(task => task.TaskId.Value), Is.EqualTo(new[] { "t1", "t2" }));
        Assert.That(copy.AgentInfo.Resources, Has.Count.EqualTo(2));
        Assert.That(copy.AgentInfo.Port, Is.EqualTo(5051), "proto2 default survives");
    }

    [TestCase("")]
    [TestCase(RemoteConfig)]
    public void Run_task_uses_the_protobuf_serializer_with_identifier_1200(string extraConfig)
    {
        var serialization = StartSystem(extraConfig);
        var runTask = new RunTask { Framework = SampleMessages.Framework(), Task = SampleMessages.Task() };

        var serializer = serialization.FindSerializerFor(runTask);
        var copy = RoundTrip(serialization, runTask, out var manifest);

        Assert.That(serializer.Identifier, Is.EqualTo(ProtobufMessageSerializer.DefaultIdentifier));
        Assert.That(manifest, Is.EqualTo("scheduler.internal.RunTask"));
        Assert.That(copy, Is.EqualTo(runTask));
        Assert.That(copy.Framework.Roles, Is.EqualTo(new[] { "analytics", "web" }));
    }

    [Test]
    public void Nested_and_public_api_messages_round_trip()
    {
        var serialization = StartSystem();
        var reconcileTask = new Call.Types.Reconcile.Types.Task { TaskId = new TaskID { Value = "t1" } };
        var @event = new Event
        {
            Type = Event.Types.Type.Offers,
            Offers = new Event.Types.Offers { Offers_ = { SampleMessages.Offer("o1"), SampleMessages.Offer("o2") } },
        };

        var reconcileCopy = RoundTrip(serialization, reconcileTask, out var reconcileManifest);
        var eventCopy = RoundTrip(serialization, @event, out var eventManifest);

        Assert.That(reconcileManifest, Is.EqualTo("mesos.v1.scheduler.Call.Reconcile.Task"));
        Assert.That(reconcileCopy, Is.EqualTo(reconcileTask));
        Assert.That(eventManifest, Is.EqualTo("mesos.v1.scheduler.Event"));
        Assert.That(eventCopy.Offers.Offers_.Select(offer => offer.Id.Value), Is.EqualTo(new[] { "o1", "o2" }));
    }

    [Test]
    public void Identifier_can_be_changed_in_configuration()
    {
        var serialization = StartSystem($"{ProtobufMessageSerializer.IdentifierConfigPath} = 4242");

        var serializer = serialization.FindSerializerFor(new FrameworkRemoved { FrameworkId = new FrameworkID { Value = "f" } });

        Assert.That(serializer, Is.InstanceOf<ProtobufMessageSerializer>());
        Assert.That(serializer.Identifier, Is.EqualTo(4242));
    }

    [Test]
    public void Unknown_manifest_is_a_serialization_error()
    {
        var serialization = StartSystem();
        var serializer = (ProtobufMessageSerializer)serialization.FindSerializerFor(new AgentRegistered { AgentId = new AgentID { Value = "a" } });

        Assert.That(() => serializer.FromBinary([], "no.such.Message"), Throws.InstanceOf<SerializationException>());
    }

    [Test]
    public void Registry_knows_every_generated_message_including_nested_ones()
    {
        var registry = ProtobufMessageRegistry.ForProtocolAssembly();

        Assert.That(registry.KnownFullNames, Does.Contain("scheduler.internal.RegistryState"));
        Assert.That(registry.KnownFullNames, Does.Contain("mesos.v1.Offer.Operation.LaunchGroup"));
        Assert.That(registry.KnownFullNames, Does.Contain("mesos.v1.scheduler.Call.UpdateFramework"));
        Assert.That(registry.TryGetParser("mesos.v1.TaskStatus", out var parser), Is.True);
        Assert.That(parser.ParseFrom(SampleMessages.RunningStatus().ToByteArray()), Is.EqualTo(SampleMessages.RunningStatus()));
    }

    [Test]
    public void Messages_missing_required_fields_still_parse_but_are_not_initialized()
    {
        var serialization = StartSystem();
        var incomplete = new TaskID();
        var serializer = serialization.FindSerializerFor(incomplete);

        var copy = (TaskID)serialization.Deserialize(serializer.ToBinary(incomplete), serializer.Identifier, "mesos.v1.TaskID");

        Assert.That(copy.HasValue, Is.False);
        Assert.That(copy.IsInitialized(), Is.False, "callers validating input should check IsInitialized()");
    }
}
