namespace Scheduler.Framework;

/// <summary>
/// Where the scheduler API of the current (leading) master lives. A 307 answer
/// moves it to the master named in the Location header; when that master fails,
/// the driver moves on to the next of the masters it was given.
/// </summary>
internal sealed class MasterEndpoint
{
    private const string SchedulerApiPath = "api/v1/scheduler";

    private readonly IReadOnlyList<Uri> candidates;
    private volatile Uri baseUri;
    private int nextCandidate;

    public MasterEndpoint(Uri master)
        : this([master])
    {
    }

    public MasterEndpoint(IReadOnlyList<Uri> masters)
    {
        if (masters.Count == 0) throw new ArgumentException("Give at least one master.", nameof(masters));
        candidates = masters.Select(WithTrailingSlash).Distinct().ToList();
        baseUri = candidates[0];
        nextCandidate = 1 % candidates.Count;
    }

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

    /// <summary>
    /// Leaves the current master, which failed or whose stream ended, for the next
    /// of the given masters; a standby among them redirects to the new leader.
    /// </summary>
    public void MoveToNextMaster()
    {
        lock (candidates)
        {
            baseUri = candidates[nextCandidate];
            nextCandidate = (nextCandidate + 1) % candidates.Count;
        }
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
