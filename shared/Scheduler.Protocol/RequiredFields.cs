using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Scheduler.Protocol;

/// <summary>
/// Finds proto2 <c>required</c> fields that a parsed message lacks, by their path (<c>kill.task_id</c>),
/// since parsing alone accepts such messages.
/// </summary>
public static class RequiredFields
{
    public static IReadOnlyList<string> Missing(IMessage message)
    {
        var missing = new List<string>();
        Collect(message, "", missing);
        return missing;
    }

    private static void Collect(IMessage message, string prefix, List<string> missing)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var path = prefix + field.Name;
            if (field.IsMap)
            {
                // A map is a repeated field too, but of entries: look into the values that are messages.
                foreach (System.Collections.DictionaryEntry entry in (System.Collections.IDictionary)field.Accessor.GetValue(message))
                    if (entry.Value is IMessage value) Collect(value, $"{path}[{entry.Key}].", missing);
                continue;
            }
            if (field.IsRepeated)
            {
                if (field.FieldType != FieldType.Message) continue;
                var index = 0;
                foreach (var item in (System.Collections.IList)field.Accessor.GetValue(message))
                    Collect((IMessage)item, $"{path}[{index++}].", missing);
                continue;
            }
            if (!field.HasPresence) continue; // proto3 scalars, e.g. inside google.protobuf.Duration: never required
            var present = field.Accessor.HasValue(message);
            if (field.IsRequired && !present)
            {
                missing.Add(path);
                continue;
            }
            if (present && field.FieldType == FieldType.Message)
                Collect((IMessage)field.Accessor.GetValue(message), path + ".", missing);
        }
    }
}
