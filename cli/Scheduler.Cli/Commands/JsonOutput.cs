using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scheduler.Cli.Commands;

/// <summary>What <c>--output json</c> prints: indented JSON on stdout, for scripts and <c>jq</c>.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(JsonNode node) => Console.Out.WriteLine(node.ToJsonString(Indented));

    /// <summary>A copy of a node of the master's state, so that it can join a new document.</summary>
    public static JsonNode? Copy(JsonNode? node) => node?.DeepClone();
}
