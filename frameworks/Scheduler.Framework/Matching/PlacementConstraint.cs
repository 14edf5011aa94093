using System.Globalization;
using System.Text.RegularExpressions;

namespace Scheduler.Framework.Matching;

/// <summary>
/// A placement constraint in Marathon's vocabulary, such as <c>["hostname", "UNIQUE"]</c> or
/// <c>["rack", "GROUP_BY", "3"]</c>. The field is <c>hostname</c> or the name of an agent
/// attribute. A constraint decides whether one more task of a group may go to a site, given
/// the sites of the group's tasks already placed. An agent lacking the attribute satisfies only
/// UNLIKE.
/// </summary>
public sealed class PlacementConstraint
{
    private readonly Regex? pattern;
    private readonly int limit;

    public PlacementConstraint(string field, ConstraintOperator @operator, string? value = null)
    {
        if (string.IsNullOrWhiteSpace(field))
            throw new ArgumentException("A constraint needs a field: 'hostname' or an attribute name.", nameof(field));

        Field = field;
        Operator = @operator;
        Value = string.IsNullOrEmpty(value) ? null : value;
        switch (@operator)
        {
            case ConstraintOperator.Like or ConstraintOperator.Unlike:
                pattern = new Regex($"^(?:{Value ?? throw Invalid("a regular expression")})$", RegexOptions.CultureInvariant);
                break;
            case ConstraintOperator.MaxPer:
                limit = ParseCount(Value ?? throw Invalid("a maximum count"));
                break;
            case ConstraintOperator.GroupBy:
                limit = Value is null ? 0 : ParseCount(Value);
                break;
        }
    }

    public string Field { get; }

    public ConstraintOperator Operator { get; }

    /// <summary>The operator's argument: a value, regular expression or count; null when absent.</summary>
    public string? Value { get; }

    public static PlacementConstraint Unique(string field) => new(field, ConstraintOperator.Unique);

    public static PlacementConstraint Cluster(string field, string? value = null) => new(field, ConstraintOperator.Cluster, value);

    public static PlacementConstraint GroupBy(string field, int? minimumGroups = null) =>
        new(field, ConstraintOperator.GroupBy, minimumGroups?.ToString(CultureInfo.InvariantCulture));

    public static PlacementConstraint Like(string field, string regex) => new(field, ConstraintOperator.Like, regex);

    public static PlacementConstraint Unlike(string field, string regex) => new(field, ConstraintOperator.Unlike, regex);

    public static PlacementConstraint MaxPer(string field, int maximum) =>
        new(field, ConstraintOperator.MaxPer, maximum.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads Marathon's form: field, operator (e.g. <c>MAX_PER</c>) and an optional value.</summary>
    public static PlacementConstraint Parse(IReadOnlyList<string> parts)
    {
        if (parts.Count is < 2 or > 3)
            throw new FormatException($"A constraint is [field, operator] or [field, operator, value], not {parts.Count} parts.");

        var name = parts[1].Replace("_", string.Empty, StringComparison.Ordinal);
        if (!Enum.TryParse<ConstraintOperator>(name, ignoreCase: true, out var @operator) || !Enum.IsDefined(@operator))
            throw new FormatException($"Unknown constraint operator '{parts[1]}'.");
        return new PlacementConstraint(parts[0], @operator, parts.Count == 3 ? parts[2] : null);
    }

    /// <summary>Whether one more task may go to <paramref name="candidate"/>, given where the others are.</summary>
    public bool Allows(PlacementSite candidate, IReadOnlyCollection<PlacementSite> placed)
    {
        var value = candidate.ValueOf(Field);
        if (value is null)
            return Operator == ConstraintOperator.Unlike;

        return Operator switch
        {
            ConstraintOperator.Unique => placed.All(site => site.ValueOf(Field) != value),
            ConstraintOperator.Cluster => (Value is null || Value == value) && placed.All(site => site.ValueOf(Field) == value),
            ConstraintOperator.GroupBy => GroupByAllows(value, placed),
            ConstraintOperator.Like => pattern!.IsMatch(value),
            ConstraintOperator.Unlike => !pattern!.IsMatch(value),
            ConstraintOperator.MaxPer => placed.Count(site => site.ValueOf(Field) == value) < limit,
            _ => false,
        };
    }

    /// <summary>Marathon's form, e.g. <c>["rack", "MAX_PER", "2"]</c>.</summary>
    public override string ToString()
    {
        var name = Regex.Replace(Operator.ToString(), "(?<=[a-z])(?=[A-Z])", "_").ToUpperInvariant();
        return Value is null ? $"[\"{Field}\", \"{name}\"]" : $"[\"{Field}\", \"{name}\", \"{Value}\"]";
    }

    // A value not yet used is always allowed; a used one only once there are at least the minimum
    // number of groups and it is one of the smallest.
    private bool GroupByAllows(string value, IReadOnlyCollection<PlacementSite> placed)
    {
        var counts = placed
            .Select(site => site.ValueOf(Field))
            .GroupBy(groupValue => groupValue, StringComparer.Ordinal)
            .ToDictionary(group => group.Key ?? string.Empty, group => group.Count(), StringComparer.Ordinal);
        if (!counts.TryGetValue(value, out var count))
            return true;
        return counts.Count >= limit && count == counts.Values.Min();
    }

    private static int ParseCount(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new ArgumentException($"'{text}' is not a positive count.");

    private ArgumentException Invalid(string what) =>
        new($"{Operator} on '{Field}' needs {what} as its value.");
}
