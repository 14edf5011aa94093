using System.Diagnostics;

namespace Scheduler.Agent.Health;

/// <summary>Runs a command in the task's sandbox as a child of the agent; exit status 0 is healthy.</summary>
public sealed class CommandHealthCheck(
    string executable,
    IReadOnlyList<string> arguments,
    string workingDirectory,
    IReadOnlyDictionary<string, string> environment) : IHealthCheck
{
    private const int MaxErrorChars = 1024;

    public string Kind => "COMMAND";

    public static CommandHealthCheck Shell(string command, string workingDirectory, IReadOnlyDictionary<string, string> environment) =>
        new("/bin/sh", ["-c", command], workingDirectory, environment);

    public async Task<HealthCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return HealthCheckResult.Failed($"Failed to run '{executable}': {e.Message}");
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await Task.WhenAll(output, error).ConfigureAwait(false);
        if (process.ExitCode == 0) return HealthCheckResult.Success;
        var stderr = error.Result.Trim();
        if (stderr.Length > MaxErrorChars) stderr = stderr[^MaxErrorChars..];
        return HealthCheckResult.Failed(stderr.Length == 0
            ? $"Command returned {process.ExitCode}"
            : $"Command returned {process.ExitCode}: {stderr}");
    }
}
