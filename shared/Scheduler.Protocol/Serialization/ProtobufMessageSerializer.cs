using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;

namespace Scheduler.Protocol.Serialization;

/// <summary>
/// Akka serializer for generated protobuf messages. The manifest is the
/// message's protobuf full name (e.g. "scheduler.internal.RunTask"), so the
/// bytes do not depend on CLR type or assembly names.
/// </summary>
public sealed class ProtobufMessageSerializer : SerializerWithStringManifest
{
    public const int DefaultIdentifier = 1200;

    /// <summary>HOCON path that may override <see cref="DefaultIdentifier"/>.</summary>
    public const string IdentifierConfigPath = "scheduler.serialization.protobuf-identifier";

    private readonly ProtobufMessageRegistry registry;

    public ProtobufMessageSerializer(ExtendedActorSystem system)
        : this(system, system.Settings.Config.GetInt(IdentifierConfigPath, DefaultIdentifier))
    {
    }

    public ProtobufMessageSerializer(ExtendedActorSystem system, int identifier)
        : base(system)
    {
        Identifier = identifier;
        registry = ProtobufMessageRegistry.ForProtocolAssembly();
    }

    public override int Identifier { get; }

    public override byte[] ToBinary(object obj) => AsMessage(obj).ToByteArray();

    public override string Manifest(object o) => AsMessage(o).Descriptor.FullName;

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!registry.TryGetParser(manifest, out var parser))
            throw new SerializationException($"Unknown protobuf message '{manifest}'.");

        return parser.ParseFrom(bytes);
    }

    private static IMessage AsMessage(object obj) =>
        obj as IMessage
        ?? throw new ArgumentException(
            $"{nameof(ProtobufMessageSerializer)} only serializes protobuf messages, not {obj.GetType()}.",
            nameof(obj));
}
