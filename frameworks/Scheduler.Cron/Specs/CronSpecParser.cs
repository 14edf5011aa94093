using System.Globalization;
using Scheduler.Batch.Specs;
using Scheduler.Cron.Schedules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scheduler.Cron.Specs;

/// <summary>
/// Reads a cron job from YAML or JSON: a name, a <c>schedule</c> and the task fields of a batch job
/// (<c>command</c>, <c>image</c>, <c>cpus</c>, <c>mem</c>, <c>disk</c>, <c>env</c>, <c>retries</c>, <c>backoff</c>,
/// <c>max_backoff</c>, <c>timeout</c>). Errors read like the batch parser's: <c>nightly.yaml:3: schedule: …</c>.
/// </summary>
public sealed class CronSpecParser(string sourceName)
{
    private static readonly string[] CronFields = ["schedule", "time_zone", "concurrency_policy", "starting_deadline", "history_limit"];
    private const int MaxHistoryLimit = 1000;

    private readonly List<string> errors = [];

    public static CronJobSpec Parse(string text, string sourceName = "cron") => new CronSpecParser(sourceName).Read(text);

    private CronJobSpec Read(string text)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw new JobSpecException([$"{sourceName}:{e.Start.Line}: {e.InnerException?.Message ?? e.Message}"]); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new JobSpecException([$"{sourceName}:1: a cron job must be a mapping with a name, a schedule and a command or image"]);

        var (task, taskErrors) = JobSpecParser.ParseSingleTask(root, sourceName, CronFields);
        errors.AddRange(taskErrors);
        var zone = TimeZone(root);
        var schedule = Schedule(root, zone);
        var spec = new CronJobSpec
        {
            Name = task.Name, Task = task, ScheduleText = (Child(root, "schedule") as YamlScalarNode)?.Value?.Trim() ?? "",
            Schedule = schedule!, TimeZone = zone?.Id ?? "UTC",
            ConcurrencyPolicy = Policy(root), StartingDeadline = Deadline(root), HistoryLimit = HistoryLimit(root),
        };
        if (errors.Count > 0) throw new JobSpecException(errors);
        return spec;
    }

    private TimeZoneInfo? TimeZone(YamlMappingNode root)
    {
        if (Child(root, "time_zone") is not { } node) return TimeZoneInfo.Utc;
        if (node is YamlScalarNode { Value: { Length: > 0 } id })
        {
            try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { }
        }
        Error(node, "time_zone", "must be an IANA time zone such as UTC, Europe/Berlin or America/New_York");
        return null;
    }

    private ISchedule? Schedule(YamlMappingNode root, TimeZoneInfo? zone)
    {
        if (Child(root, "schedule") is not { } node)
        {
            Error(root, "schedule", "is required: a cron expression such as '*/5 * * * *' or an interval such as R/2026-01-01T00:00:00Z/PT1M");
            return null;
        }
        if (node is not YamlScalarNode { Value: { Length: > 0 } text })
        {
            Error(node, "schedule", "must be a cron expression or an ISO 8601 repeating interval");
            return null;
        }
        string? error;
        ISchedule? schedule = RepeatingInterval.LooksLikeOne(text)
            ? RepeatingInterval.TryParse(text, out error)
            : CronExpressionSchedule.TryParse(text, zone ?? TimeZoneInfo.Utc, out error);
        if (error is not null) Error(node, "schedule", error);
        return schedule;
    }

    private ConcurrencyPolicy Policy(YamlMappingNode root)
    {
        if (Child(root, "concurrency_policy") is not { } node) return ConcurrencyPolicy.Allow;
        if (node is YamlScalarNode { Value: { } text } && Enum.TryParse<ConcurrencyPolicy>(text, ignoreCase: true, out var policy) && Enum.IsDefined(policy))
            return policy;
        Error(node, "concurrency_policy", "must be Allow, Forbid or Replace");
        return ConcurrencyPolicy.Allow;
    }

    private TimeSpan? Deadline(YamlMappingNode root)
    {
        if (Child(root, "starting_deadline") is not { } node) return null;
        if (node is YamlScalarNode { Value: { } text } && JobSpecParser.ParseDuration(text) is { } deadline && deadline > TimeSpan.Zero) return deadline;
        Error(node, "starting_deadline", "must be a positive duration such as 30s, 5m or 2h");
        return null;
    }

    private int HistoryLimit(YamlMappingNode root)
    {
        if (Child(root, "history_limit") is not { } node) return CronJobSpec.DefaultHistoryLimit;
        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxHistoryLimit)
            return limit;
        Error(node, "history_limit", $"must be a whole number between 1 and {MaxHistoryLimit}");
        return CronJobSpec.DefaultHistoryLimit;
    }

    private static YamlNode? Child(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private void Error(YamlNode node, string field, string problem) => errors.Add($"{sourceName}:{node.Start.Line}: {field}: {problem}");
}
