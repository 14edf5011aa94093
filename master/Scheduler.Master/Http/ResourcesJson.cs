using System.Text.Json.Nodes;
using Scheduler.Protocol.Json;
using Scheduler.Resources;

namespace Scheduler.Master.Http;

/// <summary>Resources in the shape Mesos's state endpoints use: scalars as numbers, ranges as "[a-b, c-d]".</summary>
public static class ResourcesJson
{
    public static JsonObject Render(ResourceSet resources)
    {
        var json = new JsonObject { ["cpus"] = 0.0, ["mem"] = 0.0, ["disk"] = 0.0, ["gpus"] = 0.0 };
        foreach (var (name, value) in resources.ScalarQuantities()) json[name] = value;
        if (!resources.Ports.IsEmpty) json["ports"] = resources.Ports.ToString();
        return json;
    }

    /// <summary>Reserved resources by the role they are reserved for, as <see cref="Render"/> writes them.</summary>
    public static JsonObject RenderByRole(ResourceSet reserved)
    {
        var json = new JsonObject();
        foreach (var role in reserved.Select(r => r.ReservationRole).Distinct().Order(StringComparer.Ordinal))
            json[role] = Render(reserved.Reserved(role));
        return json;
    }

    /// <summary>Reserved resources by role as Mesos's <c>Resource</c> JSON, with each reservation's type and principal.</summary>
    public static JsonObject RenderFullByRole(ResourceSet reserved)
    {
        var json = new JsonObject();
        foreach (var role in reserved.Select(r => r.ReservationRole).Distinct().Order(StringComparer.Ordinal))
            json[role] = new JsonArray(reserved.Reserved(role).ToProto()
                .Select(resource => (JsonNode?)JsonNode.Parse(MesosJson.Format(resource))).ToArray());
        return json;
    }
}
