using System.Text.Json;

namespace Scheduler.Security.Authentication;

/// <summary>
/// Reads Mesos's <c>--credentials</c> file: JSON <c>{"credentials":[{"principal":"p","secret":"s"}]}</c>, or plain
/// text with one <c>principal secret</c> per line (blank lines and lines starting with <c>#</c> are skipped).
/// </summary>
public static class CredentialsFile
{
    public static IReadOnlyList<Credential> Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsFileException($"{path}: cannot read the credentials file: {e.Message}");
        }
        try { return Parse(text); }
        catch (CredentialsFileException e) { throw new CredentialsFileException($"{path}: {e.Message}"); }
    }

    public static IReadOnlyList<Credential> Parse(string text)
    {
        var credentials = text.TrimStart().StartsWith('{') ? ParseJson(text) : ParseText(text);
        if (credentials.Count == 0) throw new CredentialsFileException("the file holds no credentials");
        var duplicate = credentials.GroupBy(c => c.Principal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new CredentialsFileException($"principal '{duplicate.Key}' appears more than once");
        return credentials;
    }

    private static List<Credential> ParseText(string text)
    {
        var credentials = new List<Credential>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
                throw new CredentialsFileException($"line {i + 1}: expected 'principal secret', found {fields.Length} field(s)");
            credentials.Add(new Credential(fields[0], fields[1]));
        }
        return credentials;
    }

    private static List<Credential> ParseJson(string text)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(text); }
        catch (JsonException e)
        {
            throw new CredentialsFileException($"line {(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("credentials", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new CredentialsFileException("expected a 'credentials' array");
            var credentials = new List<Credential>();
            var index = 0;
            foreach (var entry in list.EnumerateArray())
            {
                credentials.Add(new Credential(Field(entry, index, "principal"), Field(entry, index, "secret")));
                index++;
            }
            return credentials;
        }
    }

    private static string Field(JsonElement entry, int index, string name)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw new CredentialsFileException($"credentials[{index}]: expected an object with 'principal' and 'secret'");
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
            throw new CredentialsFileException($"credentials[{index}].{name}: expected a non-empty string");
        return value.GetString()!;
    }
}
