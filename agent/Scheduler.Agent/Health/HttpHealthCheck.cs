using System.Net.Security;

namespace Scheduler.Agent.Health;

/// <summary>
/// A GET to the task's port on the loopback address; a 2xx or 3xx answer is healthy, as Mesos's built-in executors
/// judge it. Redirects are not followed, certificates not verified, and each check opens a fresh connection.
/// </summary>
public sealed class HttpHealthCheck(Uri url) : IHealthCheck
{
    public Uri Url { get; } = url;

    public string Kind => "HTTP";

    public async Task<HealthCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Headers.ConnectionClose = true;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400
                ? HealthCheckResult.Success
                : HealthCheckResult.Failed($"Unexpected HTTP response code: {code} {response.ReasonPhrase}");
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Failed($"GET {Url} failed: {e.Message}");
        }
    }
}
