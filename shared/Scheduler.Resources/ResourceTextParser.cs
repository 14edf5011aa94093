namespace Scheduler.Resources;

/// <summary>
/// Reads Mesos's text form of resources: entries separated by <c>;</c>, each
/// <c>name[(role)][(allocated: role)]:value</c> where the value is a scalar (<c>2</c>, <c>0.5</c>),
/// ranges (<c>[31000-32000]</c>) or a set (<c>{a,b}</c>).
/// </summary>
internal static class ResourceTextParser
{
    private const string AllocatedPrefix = "allocated:";

    public static bool TryParse(string text, out List<Resource> resources, out string error)
    {
        resources = [];
        if (text.Trim() is "" or "{}")
        {
            error = string.Empty;
            return true;
        }

        var kindsByName = new Dictionary<string, ResourceKind>(StringComparer.Ordinal);
        foreach (var rawEntry in text.Split(';'))
        {
            var entry = rawEntry.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            if (!TryParseEntry(entry, out var resource, out var reason))
            {
                error = $"Invalid resource '{entry}': {reason}";
                return false;
            }

            if (kindsByName.TryGetValue(resource.Name, out var earlierKind) && earlierKind != resource.Kind)
            {
                error = $"Invalid resource '{entry}': resource '{resource.Name}' was already given as " +
                        $"{Describe(earlierKind)}, not {Describe(resource.Kind)}";
                return false;
            }

            kindsByName[resource.Name] = resource.Kind;
            resources.Add(resource);
        }

        error = string.Empty;
        return true;
    }

    private static bool TryParseEntry(string entry, out Resource resource, out string reason)
    {
        resource = null!;
        var nameEnd = entry.IndexOfAny(['(', ':']);
        if (nameEnd < 0)
        {
            reason = "expected 'name:value'";
            return false;
        }

        var name = entry[..nameEnd].Trim();
        var nameError = Resource.ValidateName(name);
        if (nameError is not null)
        {
            reason = name.Length == 0 ? "the resource name is missing" : nameError;
            return false;
        }

        var position = nameEnd;
        string? reservationRole = null;
        string? allocationRole = null;
        while (position < entry.Length && entry[position] == '(')
        {
            var close = entry.IndexOf(')', position);
            if (close < 0)
            {
                reason = "mismatched parentheses";
                return false;
            }

            var group = entry[(position + 1)..close].Trim();
            if (!TryReadRoleGroup(group, ref reservationRole, ref allocationRole, out reason))
            {
                return false;
            }

            position = SkipWhitespace(entry, close + 1);
        }

        if (position >= entry.Length || entry[position] != ':')
        {
            reason = position < entry.Length && entry[position] == ')'
                ? "mismatched parentheses"
                : "expected ':' followed by a value after the name and roles";
            return false;
        }

        var valueText = entry[(position + 1)..].Trim();
        if (valueText.Length == 0)
        {
            reason = $"resource '{name}' has no value";
            return false;
        }

        return TryCreate(name, valueText, reservationRole ?? RoleName.Unreserved, allocationRole, out resource, out reason);
    }

    private static bool TryReadRoleGroup(
        string group, ref string? reservationRole, ref string? allocationRole, out string reason)
    {
        var isAllocation = group.StartsWith(AllocatedPrefix, StringComparison.Ordinal);
        var role = isAllocation ? group[AllocatedPrefix.Length..].Trim() : group;
        var roleError = RoleName.Validate(role);
        if (roleError is not null)
        {
            reason = roleError;
            return false;
        }

        if (isAllocation)
        {
            if (allocationRole is not null)
            {
                reason = "more than one allocation role";
                return false;
            }

            allocationRole = role;
        }
        else
        {
            if (reservationRole is not null)
            {
                reason = "more than one reservation role";
                return false;
            }

            reservationRole = role;
        }

        reason = string.Empty;
        return true;
    }

    private static bool TryCreate(
        string name,
        string valueText,
        string reservationRole,
        string? allocationRole,
        out Resource resource,
        out string reason)
    {
        resource = null!;
        switch (valueText[0])
        {
            case '[':
                if (!RangeSet.TryParse(valueText, out var ranges, out reason))
                {
                    return false;
                }

                resource = Resource.CreateRanges(name, ranges, reservationRole, allocationRole);
                return true;
            case '{':
                if (!ItemSet.TryParse(valueText, out var items, out reason))
                {
                    return false;
                }

                resource = Resource.CreateSet(name, items, reservationRole, allocationRole);
                return true;
            default:
                if (!ScalarValue.TryParse(valueText, out var scalar, out reason))
                {
                    return false;
                }

                if (scalar.IsNegative)
                {
                    reason = $"resource '{name}' must not be negative";
                    return false;
                }

                resource = Resource.CreateScalar(name, scalar, reservationRole, allocationRole);
                return true;
        }
    }

    private static int SkipWhitespace(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    private static string Describe(ResourceKind kind) => kind switch
    {
        ResourceKind.Scalar => "a scalar",
        ResourceKind.Ranges => "ranges",
        _ => "a set",
    };
}
