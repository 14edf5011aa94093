namespace Scheduler.Agent.Host;

/// <summary>
/// Combines detected resources with an operator's <c>--resources</c> text at the string level: every
/// resource name that appears in the overrides (the part before <c>:</c> or a <c>(role)</c>) replaces all
/// detected entries of that name; names new to the detection are appended.
/// </summary>
public static class ResourceTextOverrides
{
    public static string Apply(string detected, string? overrides)
    {
        var overrideEntries = Entries(overrides);
        if (overrideEntries.Count == 0)
            return detected;

        var overridesByName = overrideEntries.GroupBy(NameOf).ToDictionary(group => group.Key, group => group.ToList());
        var result = new List<string>();
        var placed = new HashSet<string>();
        foreach (var entry in Entries(detected))
        {
            var name = NameOf(entry);
            if (!overridesByName.TryGetValue(name, out var replacements))
                result.Add(entry);
            else if (placed.Add(name))
                result.AddRange(replacements);
        }
        foreach (var name in overrideEntries.Select(NameOf).Distinct())
        {
            if (placed.Add(name))
                result.AddRange(overridesByName[name]);
        }
        return string.Join(';', result);
    }

    public static string NameOf(string entry)
    {
        var end = entry.IndexOfAny([':', '(']);
        return (end < 0 ? entry : entry[..end]).Trim();
    }

    private static List<string> Entries(string? text) =>
        (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
