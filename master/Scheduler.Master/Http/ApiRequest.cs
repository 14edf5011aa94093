using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Scheduler.Master.Http;

/// <summary>
/// What the v1 APIs (scheduler and operator) check before reading a call: POST only (405), a known
/// Content-Type (415), an acceptable Accept (406), a body that parses (400). Each failure is answered here.
/// </summary>
public static class ApiRequest
{
    public static async Task<(WireFormat.Kind Request, WireFormat.Kind Response)?> NegotiateAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await TextAsync(context, 405, $"Expecting 'POST', received '{request.Method}'");
            return null;
        }
        var requestFormat = WireFormat.FromContentType(request.ContentType);
        if (requestFormat is null)
        {
            await TextAsync(context, 415, request.ContentType is null
                ? "Expecting 'Content-Type' to be present"
                : $"Expecting 'Content-Type' of application/json or application/x-protobuf, received '{request.ContentType}'");
            return null;
        }
        var responseFormat = WireFormat.FromAccept(request.Headers.Accept.ToString());
        if (responseFormat is null)
        {
            await TextAsync(context, 406, "Expecting 'Accept' to allow application/json or application/x-protobuf");
            return null;
        }
        return (requestFormat.Value, responseFormat.Value);
    }

    /// <summary>The parsed call, or null once a 400 naming the parse error has been sent.</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context, WireFormat.Kind format) where T : class, IMessage<T>, new()
    {
        try
        {
            return await WireFormat.ReadMessageAsync<T>(context.Request.Body, format, context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException or InvalidOperationException)
        {
            await TextAsync(context, 400, $"Failed to parse body into {typeof(T).Name} protobuf: {e.Message}");
            return null;
        }
    }

    public static async Task TextAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message);
    }
}
