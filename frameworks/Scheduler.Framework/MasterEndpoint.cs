namespace Scheduler.Framework;

/// <summary>
/// Where the scheduler API of the current (leading) master lives. A 307 answer
/// moves it to the master named in the Location header.
/// </summary>
internal sealed class MasterEndpoint(Uri master)
{
    private const string SchedulerApiPath = "api/v1/scheduler";

    private volatile Uri baseUri = WithTrailingSlash(master);

    public Uri SchedulerApi => new(baseUri, SchedulerApiPath);

    /// <summary>
    /// Follows a redirect from <paramref name="requestUri"/>. Mesos sends
    /// locations such as "//host:5050/api/v1/scheduler"; bare "host:port"
    /// and absolute URLs are understood too.
    /// </summary>
    public void Redirect(Uri requestUri, string location)
    {
        var target = Resolve(requestUri, location.Trim());
        var path = target.AbsolutePath;
        var basePath = path.EndsWith(SchedulerApiPath, StringComparison.Ordinal)
            ? path[..^SchedulerApiPath.Length]
            : "/";
        baseUri = WithTrailingSlash(new UriBuilder(target.Scheme, target.Host, target.Port, basePath).Uri);
    }

    private static Uri Resolve(Uri requestUri, string location)
    {
        if (location.StartsWith("//", StringComparison.Ordinal))
            return new Uri($"{requestUri.Scheme}:{location}");
        if (location.StartsWith('/'))
            return new Uri(requestUri, location);
        if (Uri.TryCreate(location, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return absolute;
        return new Uri($"{requestUri.Scheme}://{location}");
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
