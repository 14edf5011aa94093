using System.Globalization;
using System.Text.Json.Nodes;

namespace Scheduler.Cli.Status;

/// <summary>One role as <c>/master/roles</c> shows it: its weight, what its frameworks' tasks use, and its quota.</summary>
public sealed record RoleUsage(string Name, double Weight, int Frameworks, double Cpus, double Mem, string Quota)
{
    public static RoleUsage FromJson(JsonObject role) => new(
        role["name"]?.ToString() ?? "",
        role["weight"]?.GetValue<double>() ?? 1,
        role["frameworks"]?.AsArray().Count ?? 0,
        Scalar(role["allocated"], "cpus"),
        Scalar(role["allocated"], "mem"),
        QuotaText(role["quota"]));

    private static double Scalar(JsonNode? resources, string name) => resources?[name]?.GetValue<double>() ?? 0;

    /// <summary>"cpus 2 / 4, mem 1024" style: the guarantee, and the limit after a slash where one is set.</summary>
    private static string QuotaText(JsonNode? quota)
    {
        var guarantee = quota?["guarantee"]?.AsObject() ?? [];
        var limit = quota?["limit"]?.AsObject() ?? [];
        var names = guarantee.Select(p => p.Key).Union(limit.Select(p => p.Key)).Order(StringComparer.Ordinal);
        return string.Join(", ", names.Select(name =>
        {
            var low = guarantee[name]?.GetValue<double>() ?? 0;
            var text = $"{name} {Number(low)}";
            return limit[name] is { } high ? $"{text} / {Number(high.GetValue<double>())}" : text;
        }));
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
