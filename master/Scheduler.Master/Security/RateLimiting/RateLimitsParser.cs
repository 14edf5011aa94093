using System.Text.Json;

namespace Scheduler.Master.Security.RateLimiting;

/// <summary>Reads Mesos's <c>RateLimits</c> JSON (the <c>--rate-limits</c> file), with a message naming what is wrong.</summary>
public static class RateLimitsParser
{
    public static bool TryParse(string json, out RateLimits limits, out string error)
    {
        limits = new RateLimits([], null, null);
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Fail("expected a JSON object", out error);
            var entries = new List<PrincipalRateLimit>();
            var principals = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "limits":
                        if (property.Value.ValueKind != JsonValueKind.Array) return Fail("'limits' must be an array", out error);
                        var index = 0;
                        foreach (var entry in property.Value.EnumerateArray())
                        {
                            if (!TryReadLimit(entry, $"limits[{index++}]", out var limit, out error)) return false;
                            if (!principals.Add(limit.Principal))
                                return Fail($"principal '{limit.Principal}' is listed more than once", out error);
                            entries.Add(limit);
                        }
                        break;
                    case "aggregate_default_qps":
                    case "aggregate_default_capacity":
                        break;
                    default:
                        return Fail($"unknown field '{property.Name}'", out error);
                }
            }
            if (!TryReadQps(root, "aggregate_default_qps", "", out var aggregateQps, out error)) return false;
            if (!TryReadCapacity(root, "aggregate_default_capacity", "", out var aggregateCapacity, out error)) return false;
            limits = new RateLimits(entries, aggregateQps, aggregateCapacity);
            error = "";
            return true;
        }
        catch (JsonException e)
        {
            return Fail($"not valid JSON: {e.Message}", out error);
        }
    }

    private static bool TryReadLimit(JsonElement entry, string at, out PrincipalRateLimit limit, out string error)
    {
        limit = null!;
        if (entry.ValueKind != JsonValueKind.Object) return Fail($"{at} must be an object", out error);
        foreach (var property in entry.EnumerateObject())
            if (property.Name is not ("principal" or "qps" or "capacity"))
                return Fail($"{at}: unknown field '{property.Name}'", out error);
        if (!entry.TryGetProperty("principal", out var principal) || principal.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(principal.GetString()))
            return Fail($"{at}: 'principal' is required and must be a non-empty string", out error);
        if (!TryReadQps(entry, "qps", at + ".", out var qps, out error)) return false;
        if (!TryReadCapacity(entry, "capacity", at + ".", out var capacity, out error)) return false;
        limit = new PrincipalRateLimit(principal.GetString()!, qps, capacity);
        return true;
    }

    private static bool TryReadQps(JsonElement owner, string name, string at, out double? qps, out string error)
    {
        qps = null;
        error = "";
        if (!owner.TryGetProperty(name, out var value)) return true;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number) || number <= 0)
            return Fail($"{at}{name} must be a positive number", out error);
        qps = number;
        return true;
    }

    private static bool TryReadCapacity(JsonElement owner, string name, string at, out long? capacity, out string error)
    {
        capacity = null;
        error = "";
        if (!owner.TryGetProperty(name, out var value)) return true;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < 1 || number > int.MaxValue)
            return Fail($"{at}{name} must be a whole number from 1 to {int.MaxValue}", out error);
        capacity = number;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
