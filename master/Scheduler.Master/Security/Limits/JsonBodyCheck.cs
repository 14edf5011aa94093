using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Scheduler.Master.Security.Limits;

/// <summary>
/// Checks a JSON request body before the protobuf parser sees it: every byte valid UTF-8, and objects and arrays
/// nested no deeper than the limit. Malformed JSON is left to the parser, which names the fault.
/// </summary>
public static class JsonBodyCheck
{
    public static string? Check(ReadOnlySpan<byte> body, int maxDepth)
    {
        if (!Utf8.IsValid(body)) return $"Request body is not valid UTF-8 (invalid byte sequence at offset {InvalidOffset(body)})";
        return DepthProblem(body, maxDepth);
    }

    private static long InvalidOffset(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        while (offset < body.Length)
        {
            if (Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) != OperationStatus.Done) return offset;
            offset += consumed;
        }
        return offset;
    }

    private static string? DepthProblem(ReadOnlySpan<byte> body, int maxDepth)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = maxDepth + 1, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth + 1 > maxDepth)
                    return $"JSON nesting exceeds the limit of {maxDepth} levels";
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
