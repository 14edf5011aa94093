namespace Scheduler.Agent.Containers;

/// <summary>POSIX shell single-quoting, safe for any string.</summary>
public static class ShellQuoting
{
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
