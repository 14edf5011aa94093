using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Scheduler.Master.Security.Authorization;

/// <summary>
/// The ACLs in Mesos's <c>--acls</c> JSON: <c>permissive</c> (true by default: what happens when no rule matches) and,
/// per action, its rules in the order they are tried.
/// </summary>
public sealed class AclDocument
{
    private readonly Dictionary<AclAction, IReadOnlyList<AclRule>> _rules;

    public AclDocument(bool permissive, IReadOnlyDictionary<AclAction, IReadOnlyList<AclRule>> rules)
    {
        Permissive = permissive;
        _rules = rules.ToDictionary(pair => pair.Key, pair => pair.Value);
    }

    public bool Permissive { get; }

    public IReadOnlyList<AclRule> RulesFor(AclAction action) => _rules.GetValueOrDefault(action) ?? [];

    /// <summary>Reads the ACLs from a file; the error names the file and the field at fault.</summary>
    public static bool TryLoad(string path, [NotNullWhen(true)] out AclDocument? document, [NotNullWhen(false)] out string? error)
    {
        document = null;
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"{path}: {e.Message}";
            return false;
        }
        if (TryParse(json, out document, out error)) return true;
        error = $"{path}: {error}";
        return false;
    }

    /// <summary>Reads the ACLs from JSON; an unknown action or field, or a malformed entity, is an error naming it.</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out AclDocument? document, [NotNullWhen(false)] out string? error)
    {
        document = null;
        try
        {
            using var parsed = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            document = Read(parsed.RootElement);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            return false;
        }
        catch (AclFieldException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static AclDocument Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new AclFieldException("(top level)", "expected a JSON object");
        var permissive = true;
        var rules = new Dictionary<AclAction, IReadOnlyList<AclRule>>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "permissive")
            {
                if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw new AclFieldException("permissive", "expected true or false");
                permissive = property.Value.GetBoolean();
                continue;
            }
            var action = AclAction.Named(property.Name)
                ?? throw new AclFieldException(property.Name,
                    $"unknown or unsupported action; known: permissive, {string.Join(", ", AclAction.All.Select(a => a.Name))}");
            if (property.Value.ValueKind != JsonValueKind.Array) throw new AclFieldException(action.Name, "expected a list of rules");
            rules[action] = property.Value.EnumerateArray().Select((rule, index) => ReadRule(action, rule, $"{action.Name}[{index}]")).ToList();
        }
        return new AclDocument(permissive, rules);
    }

    private static AclRule ReadRule(AclAction action, JsonElement rule, string path)
    {
        if (rule.ValueKind != JsonValueKind.Object)
            throw new AclFieldException(path, $"expected an object with '{AclAction.SubjectField}' and '{action.ObjectField}'");
        AclEntity? principals = null, objects = null;
        foreach (var field in rule.EnumerateObject())
        {
            if (field.Name == AclAction.SubjectField) principals = ReadEntity(field.Value, $"{path}.{field.Name}");
            else if (field.Name == action.ObjectField) objects = ReadEntity(field.Value, $"{path}.{field.Name}");
            else
                throw new AclFieldException($"{path}.{field.Name}",
                    $"unknown field; a {action.Name} rule has '{AclAction.SubjectField}' and '{action.ObjectField}'");
        }
        return new AclRule(
            principals ?? throw new AclFieldException($"{path}.{AclAction.SubjectField}", "missing"),
            objects ?? throw new AclFieldException($"{path}.{action.ObjectField}", "missing"));
    }

    private static AclEntity ReadEntity(JsonElement entity, string path)
    {
        const string Expected = "expected {\"values\": [\"...\"]}, {\"type\": \"ANY\"} or {\"type\": \"NONE\"}";
        if (entity.ValueKind != JsonValueKind.Object) throw new AclFieldException(path, Expected);
        AclEntityType? type = null;
        List<string>? values = null;
        foreach (var field in entity.EnumerateObject())
        {
            switch (field.Name)
            {
                case "type":
                    type = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() switch
                    {
                        "SOME" => AclEntityType.Some,
                        "ANY" => AclEntityType.Any,
                        "NONE" => AclEntityType.None,
                        _ => null,
                    } : null;
                    if (type is null) throw new AclFieldException($"{path}.type", $"expected \"SOME\", \"ANY\" or \"NONE\", got {field.Value.GetRawText()}");
                    break;
                case "values":
                    if (field.Value.ValueKind != JsonValueKind.Array || field.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                        throw new AclFieldException($"{path}.values", "expected a list of strings");
                    values = field.Value.EnumerateArray().Select(v => v.GetString()!).ToList();
                    break;
                default:
                    throw new AclFieldException($"{path}.{field.Name}", "unknown field; an entity has 'values' or 'type'");
            }
        }
        return (type ?? AclEntityType.Some) switch
        {
            AclEntityType.Any => AclEntity.Any,
            AclEntityType.None => AclEntity.None,
            _ when values is null or { Count: 0 } => throw new AclFieldException(path, Expected),
            _ => new AclEntity(AclEntityType.Some, values),
        };
    }

    /// <summary>A field of the ACL document that is not as it should be.</summary>
    private sealed class AclFieldException(string field, string problem) : Exception($"{field}: {problem}");
}
