using System.Text.Json.Nodes;
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
}
