using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Scheduler.Master.Security.Limits;
using Scheduler.Security.Limits;

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

    /// <summary>
    /// The parsed call, or null once the refusal has been sent: 413 for a body over the limit, 400 naming the
    /// fault for invalid UTF-8, JSON nested too deep or a body that does not parse.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context, WireFormat.Kind format) where T : class, IMessage<T>, new()
    {
        var limits = ApiLimitsHosting.Of(context);
        byte[]? body;
        RequestBody.AllowChunkFraming(context.Features.Get<IHttpMaxRequestBodySizeFeature>(), context.Request.ContentLength, limits.MaxRequestBodyBytes);
        try
        {
            body = await RequestBody.ReadAsync(context.Request.Body, context.Request.ContentLength, limits.MaxRequestBodyBytes, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            await TextAsync(context, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? RequestBody.TooLarge(limits.MaxRequestBodyBytes)
                : $"Failed to read the request body: {e.Message}");
            return null;
        }
        if (body is null)
        {
            await TextAsync(context, StatusCodes.Status413PayloadTooLarge, RequestBody.TooLarge(limits.MaxRequestBodyBytes));
            return null;
        }
        if (format == WireFormat.Kind.Json && JsonBodyCheck.Check(body, limits.MaxJsonDepth) is { } problem)
        {
            await TextAsync(context, 400, $"Failed to parse body into {typeof(T).Name} protobuf: {problem}");
            return null;
        }
        try
        {
            return WireFormat.ParseMessage<T>(body, format);
        }
        catch (Exception e) when (IsParseError(e))
        {
            await TextAsync(context, 400, $"Failed to parse body into {typeof(T).Name} protobuf: {e.Message}");
            return null;
        }
    }

    /// <summary>The errors a body that does not decode raises, which are answered with 400; anything else is a bug.</summary>
    public static bool IsParseError(Exception e) =>
        e is InvalidProtocolBufferException or InvalidJsonException or FormatException or InvalidOperationException;

    public static async Task TextAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message);
    }
}
