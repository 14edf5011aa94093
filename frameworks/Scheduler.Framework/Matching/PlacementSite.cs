using System.Globalization;
using Scheduler.Protocol.V1;
using Attribute = Scheduler.Protocol.V1.Attribute;

namespace Scheduler.Framework.Matching;

/// <summary>
/// Where a task runs or could run, as constraints see it: the agent's hostname
/// and its attributes, each rendered as text.
/// </summary>
public sealed record PlacementSite(string AgentId, string Hostname, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The field name that means the agent's hostname rather than an attribute.</summary>
    public const string HostnameField = "hostname";

    public static PlacementSite FromOffer(Offer offer) => new(
        offer.AgentId?.Value ?? string.Empty,
        offer.Hostname,
        offer.Attributes
            .GroupBy(attribute => attribute.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => TextOf(group.First()), StringComparer.Ordinal));

    /// <summary>The hostname, an attribute's value, or null when the agent lacks the attribute.</summary>
    public string? ValueOf(string field) =>
        field == HostnameField ? Hostname : Attributes.GetValueOrDefault(field);

    /// <summary>Text as Mesos prints attributes: <c>2.5</c>, <c>[1-3,7-9]</c>, <c>{a,b}</c>, or the text itself.</summary>
    public static string TextOf(Attribute attribute) => attribute.Type switch
    {
        Value.Types.Type.Scalar => attribute.Scalar.Value.ToString(CultureInfo.InvariantCulture),
        Value.Types.Type.Ranges => $"[{string.Join(",", attribute.Ranges.Range.OrderBy(range => range.Begin).Select(range => $"{range.Begin}-{range.End}"))}]",
        Value.Types.Type.Set => $"{{{string.Join(",", attribute.Set.Item.Order(StringComparer.Ordinal))}}}",
        _ => attribute.Text?.Value ?? string.Empty,
    };
}
