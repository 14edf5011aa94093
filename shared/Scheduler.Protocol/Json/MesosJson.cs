using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Scheduler.Protocol.Json;

/// <summary>
/// JSON in the shape Mesos uses for its HTTP APIs: proto field names
/// (snake_case), enums by name, bytes as base64, no indentation. Parsing
/// ignores fields (and enum names) it does not know.
/// </summary>
/// <remarks>
/// 64-bit integers are written as JSON strings (the protobuf JSON mapping);
/// both strings and numbers are accepted when parsing.
/// </remarks>
public static class MesosJson
{
    private static readonly JsonFormatter Formatter = new(
        JsonFormatter.Settings.Default
            .WithPreserveProtoFieldNames(true)
            .WithFormatEnumsAsIntegers(false)
            .WithFormatDefaultValues(false));

    private static readonly JsonParser Parser = new(
        JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public const string MediaType = "application/json";

    private static readonly JsonWriterOptions CompactWriter = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Format(IMessage message) => Compact(Formatter.Format(message));

    public static T Parse<T>(string json) where T : IMessage<T>, new() => Parser.Parse<T>(json);

    public static IMessage Parse(string json, MessageDescriptor descriptor) => Parser.Parse(json, descriptor);

    // Google's formatter puts spaces after ':' and ','; rewrite without them.
    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, CompactWriter))
            document.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }
}
