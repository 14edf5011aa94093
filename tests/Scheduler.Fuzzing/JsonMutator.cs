using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scheduler.Fuzzing;

/// <summary>
/// Mutations that know JSON: a value swapped for one of another type, huge and special numbers, unknown enum
/// names, deep nesting, long strings, dropped and duplicated keys, and invalid UTF-8 in a string.
/// </summary>
public static class JsonMutator
{
    private static readonly string[] Numbers =
    [
        "1e400", "-1e400", "1.7976931348623157e308", "-0", "4.9e-324", "18446744073709551616", "-9223372036854775809",
        "9223372036854775807", "2147483648", "-1", "0.1e-7", "123456789012345678901234567890",
    ];

    private static readonly string[] Strings =
    [
        "", "NaN", "Infinity", "-Infinity", "NOT_A_KNOWN_ENUM", "LAUNCH", "ACCEPT", "TASK_FINISHED", "SCALAR", "RANGES",
        "-1", "1e400", "a/b", "\u0000", "\ud800", "../../etc/passwd", "AAAA====", "%s%n",
    ];

    private static readonly JsonSerializerOptions DeepWriting = new() { MaxDepth = 4096 };
    private static readonly JsonDocumentOptions DeepReading = new() { MaxDepth = 4096 };

    public static byte[] Mutate(string seedJson, Random random)
    {
        var root = JsonNode.Parse(seedJson, documentOptions: DeepReading)!;
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++) root = MutateOnce(root, random);
        var text = root.ToJsonString(DeepWriting);
        return random.Next(10) switch
        {
            0 => WithInvalidUtf8(text, random),
            1 => Encoding.UTF8.GetBytes(WithDuplicatedKey(text)),
            _ => Encoding.UTF8.GetBytes(text),
        };
    }

    private static JsonNode MutateOnce(JsonNode root, Random random)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[random.Next(nodes.Count)];
        var replacement = Replacement(target, random);
        if (replacement is null) return root;
        if (target.Parent is null) return replacement;
        Replace(target, replacement, random);
        return root;
    }

    private static JsonNode? Replacement(JsonNode target, Random random) => random.Next(9) switch
    {
        0 => JsonNode.Parse(Numbers[random.Next(Numbers.Length)]),
        1 => JsonValue.Create(Strings[random.Next(Strings.Length)]),
        2 => random.Next(2) == 0 ? JsonValue.Create(true) : null,
        3 => new JsonArray(target.DeepClone()),
        4 => new JsonObject { ["value"] = target.DeepClone() },
        5 => Nested(target.DeepClone(), 20 + random.Next(200), random),
        6 => JsonValue.Create(new string('x', random.Next(1, 1 << 16))),
        7 => target is JsonObject ? new JsonArray() : new JsonObject(),
        _ => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-10, 20)) * (random.Next(2) == 0 ? -1 : 1)),
    };

    private static void Replace(JsonNode target, JsonNode? replacement, Random random)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
                var key = target.GetPropertyName();
                if (random.Next(6) == 0) parent.Remove(key);
                else parent[key] = replacement;
                break;
            case JsonArray array:
                var index = target.GetElementIndex();
                if (random.Next(6) == 0) array.RemoveAt(index);
                else if (random.Next(6) == 0) array.Add(replacement?.DeepClone());
                else array[index] = replacement;
                break;
        }
    }

    private static JsonNode Nested(JsonNode inner, int depth, Random random)
    {
        var node = inner;
        for (var i = 0; i < depth; i++)
            node = random.Next(2) == 0 ? new JsonArray(node) : new JsonObject { ["nested"] = node };
        return node;
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj) if (child is not null) Collect(child, nodes);
                break;
            case JsonArray array:
                foreach (var child in array) if (child is not null) Collect(child, nodes);
                break;
        }
    }

    private static byte[] WithInvalidUtf8(string text, Random random)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(text));
        var quote = bytes.IndexOf((byte)'"', random.Next(Math.Max(1, bytes.Count)));
        byte[] invalid = random.Next(3) switch { 0 => [0xC3], 1 => [0xED, 0xA0, 0x80], _ => [0xFF, 0xFE] };
        bytes.InsertRange(quote < 0 ? bytes.Count : quote + 1, invalid);
        return bytes.ToArray();
    }

    private static string WithDuplicatedKey(string text)
    {
        using var document = JsonDocument.Parse(text, DeepReading);
        if (document.RootElement.ValueKind != JsonValueKind.Object) return text;
        var first = document.RootElement.EnumerateObject().FirstOrDefault();
        if (first.Value.ValueKind == JsonValueKind.Undefined) return text;
        return "{" + JsonSerializer.Serialize(first.Name) + ":" + first.Value.GetRawText() + "," + text[1..];
    }
}
