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

    /// <summary>Several masters of one cluster, comma-separated: <c>HOST:PORT,HOST:PORT</c>.</summary>
    public static bool TryParseList(string text, out IReadOnlyList<Uri> uris, out string error)
    {
        var parsed = new List<Uri>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(part, out var uri, out error))
            {
                uris = [];
                return false;
            }
            parsed.Add(uri);
        }
        uris = parsed;
        error = parsed.Count == 0 ? $"--master: '{text}' names no master" : "";
        return parsed.Count > 0;
    }
}
