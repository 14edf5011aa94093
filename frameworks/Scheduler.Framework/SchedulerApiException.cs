using System.Net;

namespace Scheduler.Framework;

/// <summary>The master answered a scheduler API call with a non-2xx status.</summary>
public sealed class SchedulerApiException(HttpStatusCode statusCode, string responseBody)
    : Exception($"Master answered {(int)statusCode} ({statusCode}): {responseBody}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The body of the answer; Mesos puts the reason for a refusal there.</summary>
    public string ResponseBody { get; } = responseBody;
}
