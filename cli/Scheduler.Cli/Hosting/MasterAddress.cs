namespace Scheduler.Cli.Hosting;

/// <summary>A master's HTTP address as users type it: <c>HOST:PORT</c> or a URL.</summary>
public static class MasterAddress
{
    public const string Default = "127.0.0.1:5050";

    public static bool TryParse(string text, out Uri uri, out string error)
    {
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : $"http://{text}";
        if (Uri.TryCreate(candidate, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            && !string.IsNullOrEmpty(parsed.Host))
        {
            uri = new Uri(parsed.GetLeftPart(UriPartial.Authority) + "/");
            error = "";
            return true;
        }
        uri = null!;
        error = $"--master: '{text}' is not HOST:PORT or an http URL";
        return false;
    }
}
