using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Framework;

/// <summary>
/// Posts JSON calls to the master's scheduler endpoint, following redirects to
/// the leader and turning non-2xx answers into <see cref="SchedulerApiException"/>.
/// </summary>
internal sealed class SchedulerApiClient(MasterEndpoint endpoint, int maxRedirects, SchedulerCredential? credential = null) : IDisposable
{
    public const string StreamIdHeader = "Mesos-Stream-Id";
    private const int MaxThrottledRetries = 5;
    private static readonly TimeSpan MaxThrottledDelay = TimeSpan.FromSeconds(30);

    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Sends <paramref name="call"/> and returns the successful answer with only
    /// its headers read, so a subscription's event stream can be consumed.
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(Call call, string? streamId, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(MesosJson.Format(call));
        var throttled = 0;
        for (var redirects = 0; ; redirects++)
        {
            var requestUri = endpoint.SchedulerApi;
            using var request = new HttpRequestMessage(HttpMethod.Post, requestUri)
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue(MesosJson.MediaType) } },
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MesosJson.MediaType));
            request.Headers.Authorization = credential?.Header;
            if (!string.IsNullOrEmpty(streamId))
                request.Headers.Add(StreamIdHeader, streamId);

            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return response;

            using (response)
            {
                var location = response.Headers.Location?.OriginalString;
                if (IsRedirect(response.StatusCode) && location is not null && redirects < maxRedirects)
                {
                    endpoint.Redirect(requestUri, location);
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.TooManyRequests && throttled++ < MaxThrottledRetries)
                {
                    redirects--;
                    await Task.Delay(ThrottledDelay(response, throttled), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new SchedulerApiException(response.StatusCode, text);
            }
        }
    }

    public async Task SendAsync(Call call, string? streamId, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(call, streamId, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => http.Dispose();

    /// <summary>Waits as long as the master's <c>Retry-After</c> asks (else doubling from 1 s), at most 30 s.</summary>
    private static TimeSpan ThrottledDelay(HttpResponseMessage response, int attempt)
    {
        var asked = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)),
        };
        return TimeSpan.FromTicks(Math.Clamp(asked.Ticks, TimeSpan.FromMilliseconds(100).Ticks, MaxThrottledDelay.Ticks));
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.Found;
}
