using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Scheduler.Protocol.Serialization;

/// <summary>
/// Maps protobuf full names (e.g. "mesos.v1.TaskInfo") to the parsers of the
/// generated messages, including nested ones. Starts with the messages of the
/// protocol assembly; unknown names are looked up in assemblies loaded later.
/// </summary>
public sealed class ProtobufMessageRegistry
{
    private readonly ConcurrentDictionary<string, MessageParser> parsersByFullName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Assembly, bool> scannedAssemblies = new();

    public ProtobufMessageRegistry(params Assembly[] assemblies)
    {
        foreach (var assembly in assemblies)
            Scan(assembly);
    }

    /// <summary>A registry of every message generated into the protocol assembly.</summary>
    public static ProtobufMessageRegistry ForProtocolAssembly() =>
        new(typeof(ProtobufMessageRegistry).Assembly);

    public IReadOnlyCollection<string> KnownFullNames => parsersByFullName.Keys.ToArray();

    public bool TryGetParser(string fullName, out MessageParser parser)
    {
        if (parsersByFullName.TryGetValue(fullName, out parser!))
            return true;

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            Scan(assembly);

        return parsersByFullName.TryGetValue(fullName, out parser!);
    }

    private void Scan(Assembly assembly)
    {
        if (assembly.IsDynamic || !scannedAssemblies.TryAdd(assembly, true))
            return;

        foreach (var file in FileDescriptorsOf(assembly))
            foreach (var message in file.MessageTypes)
                Register(message);
    }

    private void Register(MessageDescriptor message)
    {
        if (message.Parser is not null)
            parsersByFullName.TryAdd(message.FullName, message.Parser);

        foreach (var nested in message.NestedTypes)
            Register(nested);
    }

    // protoc emits one static "<File>Reflection" class per .proto file whose
    // static Descriptor property returns the FileDescriptor.
    private static IEnumerable<FileDescriptor> FileDescriptorsOf(Assembly assembly)
    {
        if (!ReferencesProtobuf(assembly))
            return [];

        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            types = partial.Types.OfType<Type>().ToArray();
        }

        return types
            .Where(type => type is { IsAbstract: true, IsSealed: true })
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(property => property?.PropertyType == typeof(FileDescriptor))
            .Select(property => (FileDescriptor)property!.GetValue(null)!);
    }

    private static bool ReferencesProtobuf(Assembly assembly)
    {
        var protobufName = typeof(IMessage).Assembly.GetName().Name;
        return assembly.GetName().Name == protobufName
            || assembly.GetReferencedAssemblies().Any(reference => reference.Name == protobufName);
    }
}
