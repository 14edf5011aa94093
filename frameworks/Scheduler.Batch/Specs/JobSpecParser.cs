using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scheduler.Batch.Specs;

/// <summary>
/// Reads a job from YAML or JSON (JSON is YAML) and validates it. Every error names the line and the field,
/// e.g. <c>hello.yaml:7: tasks[2].cpus: must be positive</c>, and an unknown field gets the closest known one.
/// Fields other than <c>name</c>, <c>tasks</c> and <c>depends_on</c> may also be set on the job, as defaults for its
/// tasks; a job without <c>tasks</c> is one task named after the job.
/// </summary>
public sealed partial class JobSpecParser(string sourceName)
{
    private static readonly string[] TaskFields =
        ["name", "command", "image", "array", "cpus", "mem", "disk", "retries", "backoff", "max_backoff", "timeout", "depends_on", "env"];
    private static readonly string[] JobFields =
        ["name", "tasks", "command", "image", "array", "cpus", "mem", "disk", "retries", "backoff", "max_backoff", "timeout", "env"];
    private static readonly string[] SingleTaskFields =
        ["name", "command", "image", "cpus", "mem", "disk", "retries", "backoff", "max_backoff", "timeout", "env"];
    private const int MaxArraySize = 100_000;

    private readonly List<string> errors = [];

    public static JobSpec Parse(string text, string sourceName = "job") => new JobSpecParser(sourceName).Read(text);

    /// <summary>
    /// Reads a mapping that is one named task plus fields of the caller's own (a cron job's schedule, say), with the
    /// checks and error form of a job file. The caller reads and checks <paramref name="ownFields"/> itself.
    /// </summary>
    public static (TaskSpec Task, IReadOnlyList<string> Errors) ParseSingleTask(YamlMappingNode node, string sourceName, IReadOnlyCollection<string> ownFields)
    {
        var parser = new JobSpecParser(sourceName);
        parser.CheckFields(node, [.. SingleTaskFields, .. ownFields], "");
        var name = parser.RequiredName(node, "", "name");
        var task = parser.ReadTask(node, "", new TaskSpec { Name = name ?? "task" });
        if (task.Command is null && task.Image is null) parser.Error(node, "command", "a task needs a command or an image");
        return (task, parser.errors);
    }

    /// <summary>Seconds as a number, or a number with a unit: 500ms, 30s, 5m, 2h, 1d; null for any other text.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)) return null;
        var seconds = match.Groups[2].Value switch { "ms" => amount / 1000, "m" => amount * 60, "h" => amount * 3600, "d" => amount * 86400, _ => amount };
        return TimeSpan.FromSeconds(seconds);
    }

    private JobSpec Read(string text)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw new JobSpecException([$"{sourceName}:{e.Start.Line}: {Describe(e)}"]); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new JobSpecException([$"{sourceName}:1: a job must be a mapping with a name and tasks"]);

        CheckFields(root, JobFields, "");
        var name = RequiredName(root, "", "name");
        var defaults = ReadTask(root, "", new TaskSpec { Name = name ?? "job" });
        var tasks = new List<(TaskSpec Task, string Path, YamlNode Node)>();
        if (Child(root, "tasks") is { } tasksNode)
        {
            if (tasksNode is not YamlSequenceNode sequence || sequence.Children.Count == 0)
                Error(tasksNode, "tasks", "must be a non-empty list of tasks");
            else
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var path = $"tasks[{i}]";
                    if (sequence.Children[i] is not YamlMappingNode taskNode) { Error(sequence.Children[i], path, "must be a mapping"); continue; }
                    CheckFields(taskNode, TaskFields, path + ".");
                    var taskName = RequiredName(taskNode, path + ".", "name") ?? $"task{i}";
                    tasks.Add((ReadTask(taskNode, path + ".", defaults with { Name = taskName }), path, taskNode));
                }
        }
        else
            tasks.Add((defaults, "", root));

        foreach (var (task, path, node) in tasks)
            if (task.Command is null && task.Image is null) Error(node, Join(path, "command"), "a task needs a command or an image");
        CheckNamesAndDependencies(tasks);
        if (errors.Count > 0) throw new JobSpecException(errors);
        return new JobSpec(name!, tasks.Select(entry => entry.Task).ToList());
    }

    private TaskSpec ReadTask(YamlMappingNode node, string prefix, TaskSpec task)
    {
        foreach (var (keyNode, value) in node.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            var field = prefix + key;
            task = key switch
            {
                "command" => task with { Command = NonEmptyText(value, field) },
                "image" => task with { Image = NonEmptyText(value, field) },
                "array" => task with { Array = Integer(value, field, 1, MaxArraySize) },
                "cpus" => task with { Cpus = Number(value, field, allowZero: false) ?? task.Cpus },
                "mem" => task with { Mem = Number(value, field, allowZero: false) ?? task.Mem },
                "disk" => task with { Disk = Number(value, field, allowZero: true) ?? task.Disk },
                "retries" => task with { Retries = Integer(value, field, 0, 1000) ?? task.Retries },
                "backoff" => task with { Backoff = Duration(value, field) ?? task.Backoff },
                "max_backoff" => task with { MaxBackoff = Duration(value, field) ?? task.MaxBackoff },
                "timeout" => task with { Timeout = Duration(value, field) },
                "depends_on" => task with { DependsOn = Names(value, field) },
                "env" => task with { Environment = Environment(value, field) },
                _ => task,
            };
        }
        return task;
    }

    private void CheckNamesAndDependencies(List<(TaskSpec Task, string Path, YamlNode Node)> tasks)
    {
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
            if (!known.TryAdd(tasks[i].Task.Name, i))
                Error(Child(tasks[i].Node, "name") ?? tasks[i].Node, Join(tasks[i].Path, "name"), $"'{tasks[i].Task.Name}' is already the name of {tasks[known[tasks[i].Task.Name]].Path}");

        foreach (var (task, path, node) in tasks)
            foreach (var dependency in task.DependsOn)
                if (!known.ContainsKey(dependency))
                    Error(Child(node, "depends_on") ?? node, Join(path, "depends_on"), $"unknown task '{dependency}'{Suggestion(dependency, known.Keys)}");
        if (errors.Count > 0) return;

        // Depth-first search for a cycle: grey nodes are on the current path.
        var colour = new Dictionary<string, int>(StringComparer.Ordinal);
        var byName = tasks.ToDictionary(entry => entry.Task.Name, StringComparer.Ordinal);
        var stack = new List<string>();
        bool FindCycle(string name)
        {
            colour[name] = 1;
            stack.Add(name);
            foreach (var next in byName[name].Task.DependsOn)
            {
                if (colour.GetValueOrDefault(next) == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(next)).Append(next);
                    var (_, path, node) = byName[next];
                    Error(Child(node, "depends_on") ?? node, Join(path, "depends_on"), $"dependency cycle {string.Join(" -> ", cycle)}");
                    return true;
                }
                if (colour.GetValueOrDefault(next) == 0 && FindCycle(next)) return true;
            }
            stack.RemoveAt(stack.Count - 1);
            colour[name] = 2;
            return false;
        }
        foreach (var (task, _, _) in tasks)
            if (colour.GetValueOrDefault(task.Name) == 0 && FindCycle(task.Name)) return;
    }

    private void CheckFields(YamlMappingNode node, string[] allowed, string prefix)
    {
        foreach (var keyNode in node.Children.Keys)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(key))
                Error(keyNode, prefix + key, $"unknown field{Suggestion(key, allowed)}");
        }
    }

    private string? RequiredName(YamlMappingNode node, string prefix, string key)
    {
        if (Child(node, key) is not { } value) { Error(node, prefix + key, "is required"); return null; }
        var text = NonEmptyText(value, prefix + key);
        if (text is null) return null;
        if (NamePattern().IsMatch(text)) return text;
        Error(value, prefix + key, "may hold only letters, digits, '-' and '_'");
        return null;
    }

    private string? NonEmptyText(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } text }) return text;
        Error(node, field, "must be a non-empty string");
        return null;
    }

    private double? Number(YamlNode node, string field, bool allowZero)
    {
        if (node is not YamlScalarNode { Value: { } text } || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(node, field, "must be a number");
            return null;
        }
        if (value > 0 || (allowZero && value == 0)) return value;
        Error(node, field, allowZero ? "must not be negative" : "must be positive");
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

    private TimeSpan? Duration(YamlNode node, string field)
    {
        if (node is not YamlScalarNode { Value: { } text } || ParseDuration(text) is not { } duration)
        {
            Error(node, field, "must be a duration such as 30s, 5m or 2h");
            return null;
        }
        if (duration > TimeSpan.Zero) return duration;
        Error(node, field, "must be positive");
        return null;
    }

    private List<string> Names(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } single }) return [single];
        if (node is YamlSequenceNode sequence && sequence.Children.All(child => child is YamlScalarNode { Value.Length: > 0 }))
            return sequence.Children.Select(child => ((YamlScalarNode)child).Value!).ToList();
        Error(node, field, "must be a task name or a list of task names");
        return [];
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

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    private static string Describe(YamlException e) => e.InnerException?.Message ?? e.Message;

    private static string Suggestion(string word, IEnumerable<string> candidates)
    {
        var best = candidates.Select(candidate => (Candidate: candidate, Distance: EditDistance(word, candidate)))
            .OrderBy(pair => pair.Distance).FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(2, word.Length / 3) ? $" (did you mean '{best.Candidate}'?)" : "";
    }

    internal static int EditDistance(string a, string b)
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

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^([0-9]*\\.?[0-9]+)(ms|s|m|h|d)?$")]
    private static partial Regex DurationPattern();
}
