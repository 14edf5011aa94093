using Akka.Configuration;

namespace Scheduler.Protocol.Serialization;

/// <summary>
/// Akka configuration that sends every protobuf message (remoting, persistence
/// events and snapshots) through <see cref="ProtobufMessageSerializer"/>.
/// Combine it with an application's own configuration, e.g.
/// <c>appConfig.WithFallback(ProtocolSerialization.Config)</c>.
/// </summary>
public static class ProtocolSerialization
{
    public const string SerializerName = "scheduler-protobuf";

    public static Config Config { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers {
            {{SerializerName}} = "{{typeof(ProtobufMessageSerializer).FullName}}, {{typeof(ProtobufMessageSerializer).Assembly.GetName().Name}}"
          }
          serialization-bindings {
            "Google.Protobuf.IMessage, Google.Protobuf" = {{SerializerName}}
          }
        }
        """);
}
