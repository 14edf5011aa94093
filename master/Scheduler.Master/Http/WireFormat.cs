using Google.Protobuf;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Http;

/// <summary>The two encodings of the v1 API (JSON and protobuf) and how requests choose them.</summary>
public static class WireFormat
{
    public enum Kind { Json, Protobuf }

    public const string Json = "application/json";
    public const string Protobuf = "application/x-protobuf";

    public static Kind? FromContentType(string? contentType)
    {
        if (contentType is null) return null;
        var media = contentType.Split(';')[0].Trim();
        if (media.Equals(Json, StringComparison.OrdinalIgnoreCase)) return Kind.Json;
        if (media.Equals(Protobuf, StringComparison.OrdinalIgnoreCase)) return Kind.Protobuf;
        return null;
    }

    public static Kind? FromAccept(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept)) return Kind.Json;
        foreach (var part in accept.Split(','))
        {
            var media = part.Split(';')[0].Trim();
            if (media.Equals(Json, StringComparison.OrdinalIgnoreCase) || media is "*/*" or "application/*") return Kind.Json;
            if (media.Equals(Protobuf, StringComparison.OrdinalIgnoreCase)) return Kind.Protobuf;
        }
        return null;
    }

    public static string ContentType(Kind kind) => kind == Kind.Json ? Json : Protobuf;

    public static Task<Call> ReadCallAsync(Stream body, Kind kind, CancellationToken cancel) =>
        ReadMessageAsync<Call>(body, kind, cancel);

    public static async Task<T> ReadMessageAsync<T>(Stream body, Kind kind, CancellationToken cancel)
        where T : IMessage<T>, new()
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancel);
        return ParseMessage<T>(buffer.ToArray(), kind);
    }

    public static T ParseMessage<T>(byte[] body, Kind kind) where T : IMessage<T>, new()
    {
        if (kind == Kind.Protobuf)
        {
            var message = new T();
            message.MergeFrom(body);
            return message;
        }
        var text = System.Text.Encoding.UTF8.GetString(body);
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("empty body");
        return MesosJson.Parse<T>(text);
    }

    public static byte[] Encode(IMessage message, Kind kind) =>
        kind == Kind.Json ? System.Text.Encoding.UTF8.GetBytes(MesosJson.Format(message)) : message.ToByteArray();
}
