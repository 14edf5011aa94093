using System.Globalization;
using System.Text.RegularExpressions;
using Scheduler.Framework.Matching;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scheduler.Services.Specs;

/// <summary>
/// Reads an app from YAML or JSON (JSON is YAML) in Marathon's field names and validates it. Every error names the
/// line and the field, e.g. <c>web.yaml:7: healthChecks[0].intervalSeconds: must be positive</c>, and an unknown
/// field gets the closest known one.
/// </summary>
public sealed partial class AppSpecParser(string sourceName)
{
    private static readonly string[] AppFields =
    [
        "id", "cmd", "container", "cpus", "mem", "disk", "instances", "env", "healthChecks", "constraints",
        "backoffSeconds", "backoffFactor", "maxLaunchDelaySeconds", "upgradeStrategy",
    ];
    private static readonly string[] ContainerFields = ["type", "docker"];
    private static readonly string[] DockerFields = ["image"];
    private static readonly string[] HealthCheckFields =
        ["protocol", "command", "path", "port", "gracePeriodSeconds", "intervalSeconds", "timeoutSeconds", "maxConsecutiveFailures", "delaySeconds"];
    private static readonly string[] UpgradeFields = ["minimumHealthCapacity", "maximumOverCapacity"];
    private const int MaxInstances = 10_000;

    private readonly List<string> errors = [];

    public static AppSpec Parse(string text, string sourceName = "app") => new AppSpecParser(sourceName).Read(text);

    /// <summary>
    /// The instance count of a body that holds nothing else (besides, optionally, the id): Marathon's scaling form of
    /// <c>PUT /v2/apps/{id}</c>, <c>{"instances": 5}</c>. Null for any other body.
    /// </summary>
    public static int? ScaleOnly(string text, string sourceName = "app")
    {
        var root = new AppSpecParser(sourceName).Root(text);
        var keys = root.Children.Keys.Select(key => (key as YamlScalarNode)?.Value).ToList();
        if (!keys.Contains("instances") || keys.Any(key => key is not ("instances" or "id"))) return null;
        var parser = new AppSpecParser(sourceName);
        var instances = parser.Integer(root.Children[new YamlScalarNode("instances")], "instances", 0, MaxInstances);
        if (parser.errors.Count > 0) throw new AppSpecException(parser.errors);
        return instances;
    }

    private YamlMappingNode Root(string text)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw new AppSpecException([$"{sourceName}:{e.Start.Line}: {e.InnerException?.Message ?? e.Message}"]); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new AppSpecException([$"{sourceName}:1: an app must be a mapping with an id and a cmd or container"]);
        return root;
    }

    private AppSpec Read(string text)
    {
        var root = Root(text);
        CheckFields(root, AppFields, "");
        var spec = new AppSpec { Id = Id(root) ?? "app" };
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            spec = key switch
            {
                "cmd" => spec with { Cmd = NonEmptyText(value, key) },
                "container" => spec with { Image = Container(value) },
                "cpus" => spec with { Cpus = Number(value, key, min: 0, allowMin: false) ?? spec.Cpus },
                "mem" => spec with { Mem = Number(value, key, min: 0, allowMin: false) ?? spec.Mem },
                "disk" => spec with { Disk = Number(value, key, min: 0, allowMin: true) ?? spec.Disk },
                "instances" => spec with { Instances = Integer(value, key, 0, MaxInstances) ?? spec.Instances },
                "env" => spec with { Env = Environment(value, key) },
                "healthChecks" => spec with { HealthChecks = HealthChecks(value, key) },
                "constraints" => spec with { Constraints = Constraints(value, key) },
                "backoffSeconds" => spec with { BackoffSeconds = Number(value, key, min: 0, allowMin: false) ?? spec.BackoffSeconds },
                "backoffFactor" => spec with { BackoffFactor = Number(value, key, min: 1, allowMin: true) ?? spec.BackoffFactor },
                "maxLaunchDelaySeconds" => spec with { MaxLaunchDelaySeconds = Number(value, key, min: 0, allowMin: false) ?? spec.MaxLaunchDelaySeconds },
                "upgradeStrategy" => spec with { UpgradeStrategy = Upgrade(value, key) },
                _ => spec,
            };
        }
        if (spec.Cmd is null && spec.Image is null) Error(root, "cmd", "an app needs a cmd or a container.docker.image");
        if (errors.Count > 0) throw new AppSpecException(errors);
        return spec;
    }

    private string? Id(YamlMappingNode root)
    {
        if (Child(root, "id") is not { } node) { Error(root, "id", "is required"); return null; }
        if (NonEmptyText(node, "id") is not { } text) return null;
        var id = text.TrimStart('/');
        if (IdPattern().IsMatch(id)) return id;
        Error(node, "id", "must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (nested paths are not supported)");
        return null;
    }

    private string? Container(YamlNode node)
    {
        if (node is not YamlMappingNode mapping) { Error(node, "container", "must be a mapping with docker.image"); return null; }
        CheckFields(mapping, ContainerFields, "container.");
        if (Child(mapping, "type") is { } type && NonEmptyText(type, "container.type") is { } typeName && !typeName.Equals("DOCKER", StringComparison.OrdinalIgnoreCase))
            Error(type, "container.type", "only DOCKER is supported");
        if (Child(mapping, "docker") is not YamlMappingNode docker) { Error(mapping, "container.docker", "is required: a mapping with an image"); return null; }
        CheckFields(docker, DockerFields, "container.docker.");
        if (Child(docker, "image") is { } image) return NonEmptyText(image, "container.docker.image");
        Error(docker, "container.docker.image", "is required");
        return null;
    }

    private List<HealthCheckSpec> HealthChecks(YamlNode node, string field)
    {
        if (node is not YamlSequenceNode sequence) { Error(node, field, "must be a list of health checks"); return []; }
        if (sequence.Children.Count > 1) Error(sequence.Children[1], $"{field}[1]", "at most one health check: the agent runs one per task");
        var checks = new List<HealthCheckSpec>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{field}[{i}]";
            if (sequence.Children[i] is not YamlMappingNode mapping) { Error(sequence.Children[i], path, "must be a mapping"); continue; }
            CheckFields(mapping, HealthCheckFields, path + ".");
            var check = new HealthCheckSpec();
            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value!;
                var name = $"{path}.{key}";
                check = key switch
                {
                    "protocol" => check with { Protocol = Protocol(value, name) ?? check.Protocol },
                    "command" => check with { Command = HealthCommand(value, name) },
                    "path" => check with { Path = NonEmptyText(value, name) ?? check.Path },
                    "port" => check with { Port = Integer(value, name, 1, 65535) },
                    "gracePeriodSeconds" => check with { GracePeriodSeconds = Number(value, name, min: 0, allowMin: true) ?? check.GracePeriodSeconds },
                    "intervalSeconds" => check with { IntervalSeconds = Number(value, name, min: 0, allowMin: false) ?? check.IntervalSeconds },
                    "timeoutSeconds" => check with { TimeoutSeconds = Number(value, name, min: 0, allowMin: false) ?? check.TimeoutSeconds },
                    "maxConsecutiveFailures" => check with { MaxConsecutiveFailures = Integer(value, name, 0, 1000) ?? check.MaxConsecutiveFailures },
                    "delaySeconds" => check with { DelaySeconds = Number(value, name, min: 0, allowMin: true) ?? check.DelaySeconds },
                    _ => check,
                };
            }
            if (check.Protocol == HealthCheckProtocol.Command && check.Command is null && Child(mapping, "command") is null)
                Error(mapping, $"{path}.command", "a COMMAND health check needs a command");
            if (check.Protocol is HealthCheckProtocol.Http or HealthCheckProtocol.Tcp && check.Port is null && Child(mapping, "port") is null)
                Error(mapping, $"{path}.port", $"an {check.Protocol.ToString().ToUpperInvariant()} health check needs the port to connect to");
            checks.Add(check);
        }
        return checks;
    }

    private HealthCheckProtocol? Protocol(YamlNode node, string field)
    {
        var text = NonEmptyText(node, field);
        switch (text?.ToUpperInvariant())
        {
            case null: return null;
            case "COMMAND": return HealthCheckProtocol.Command;
            case "HTTP" or "MESOS_HTTP": return HealthCheckProtocol.Http;
            case "TCP" or "MESOS_TCP": return HealthCheckProtocol.Tcp;
            default:
                Error(node, field, $"must be COMMAND, HTTP or TCP, not '{text}'");
                return null;
        }
    }

    // Marathon writes a command check's command as {"value": "..."}; a plain string is accepted too.
    private string? HealthCommand(YamlNode node, string field)
    {
        if (node is YamlMappingNode mapping)
        {
            CheckFields(mapping, ["value"], field + ".");
            if (Child(mapping, "value") is { } value) return NonEmptyText(value, field + ".value");
            Error(mapping, field + ".value", "is required");
            return null;
        }
        return NonEmptyText(node, field);
    }

    private List<PlacementConstraint> Constraints(YamlNode node, string field)
    {
        if (node is not YamlSequenceNode sequence) { Error(node, field, "must be a list of constraints such as [hostname, UNIQUE]"); return []; }
        var constraints = new List<PlacementConstraint>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var child = sequence.Children[i];
            var path = $"{field}[{i}]";
            if (child is not YamlSequenceNode parts || parts.Children.Any(part => part is not YamlScalarNode { Value: not null }))
            {
                Error(child, path, "must be [field, operator] or [field, operator, value]");
                continue;
            }
            try { constraints.Add(PlacementConstraint.Parse(parts.Children.Select(part => ((YamlScalarNode)part).Value!).ToList())); }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                Error(child, path, e.Message.TrimEnd('.') + "; operators are UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER");
            }
        }
        return constraints;
    }

    private UpgradeStrategy Upgrade(YamlNode node, string field)
    {
        var strategy = new UpgradeStrategy();
        if (node is not YamlMappingNode mapping) { Error(node, field, "must be a mapping"); return strategy; }
        CheckFields(mapping, UpgradeFields, field + ".");
        if (Child(mapping, "minimumHealthCapacity") is { } minimum)
            strategy = strategy with { MinimumHealthCapacity = Fraction(minimum, $"{field}.minimumHealthCapacity") ?? strategy.MinimumHealthCapacity };
        if (Child(mapping, "maximumOverCapacity") is { } maximum)
            strategy = strategy with { MaximumOverCapacity = Fraction(maximum, $"{field}.maximumOverCapacity") ?? strategy.MaximumOverCapacity };
        return strategy;
    }

    private double? Fraction(YamlNode node, string field)
    {
        var value = Number(node, field, min: 0, allowMin: true);
        if (value is null or <= 1) return value;
        Error(node, field, "must be between 0 and 1");
        return null;
    }

    private void CheckFields(YamlMappingNode node, string[] allowed, string prefix)
    {
        foreach (var keyNode in node.Children.Keys)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(key, StringComparer.Ordinal))
                Error(keyNode, prefix + key, $"unknown field{Suggestion(key, allowed)}");
        }
    }

    private string? NonEmptyText(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } text }) return text;
        Error(node, field, "must be a non-empty string");
        return null;
    }

    private double? Number(YamlNode node, string field, double min, bool allowMin)
    {
        if (node is not YamlScalarNode { Value: { } text } || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(node, field, "must be a number");
            return null;
        }
        if (value > min || (allowMin && value == min)) return value;
        Error(node, field, min == 0 ? (allowMin ? "must not be negative" : "must be positive") : $"must be at least {min.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }

    private int? Integer(YamlNode node, string field, int min, int max)
    {
        if (node is not YamlScalarNode { Value: { } text } || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, field, "must be a whole number");
            return null;
        }
        if (value >= min && value <= max) return value;
        Error(node, field, $"must be between {min} and {max}");
        return null;
    }

    private Dictionary<string, string> Environment(YamlNode node, string field)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            Error(node, field, "must be a mapping of variable names to values");
            return environment;
        }
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { Length: > 0 } name } && value is YamlScalarNode { Value: { } text })
                environment[name] = text;
            else
                Error(key, field, "each variable must have a name and a plain value");
        }
        return environment;
    }

    private static YamlNode? Child(YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private void Error(YamlNode node, string field, string problem) => errors.Add($"{sourceName}:{node.Start.Line}: {field}: {problem}");

    private static string Suggestion(string word, IEnumerable<string> candidates)
    {
        var best = candidates.Select(candidate => (Candidate: candidate, Distance: EditDistance(word.ToLowerInvariant(), candidate.ToLowerInvariant())))
            .OrderBy(pair => pair.Distance).FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(2, word.Length / 3) ? $" (did you mean '{best.Candidate}'?)" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")]
    private static partial Regex IdPattern();
}
