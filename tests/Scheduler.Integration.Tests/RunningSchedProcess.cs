using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Scheduler.Integration.Tests;

/// <summary>
/// A long-lived <c>sched</c> process (a master, an agent, a <c>sched run</c>) started in the background, with what it
/// prints kept for failure messages.
/// </summary>
public sealed class RunningSchedProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningSchedProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process printed so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static RunningSchedProcess Start(params string[] arguments) => StartWith([], arguments);

    /// <summary>Starts <c>sched</c> through <paramref name="launcher"/>, a command that runs the rest of its
    /// arguments (e.g. <c>nsenter --net=…</c>); the process is the launcher's, so it must exec what it runs.</summary>
    public static RunningSchedProcess StartWith(IReadOnlyList<string> launcher, params string[] arguments)
    {
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in launcher.Skip(1)) start.ArgumentList.Add(argument);
        if (launcher.Count > 0) start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sched.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["COLUMNS"] = "240";
        var process = new Process { StartInfo = start };
        var running = new RunningSchedProcess(process, $"sched {string.Join(' ', arguments)}");
        process.OutputDataReceived += (_, line) => running.Append(line.Data);
        process.ErrorDataReceived += (_, line) => running.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>A TCP port nothing listens on right now.</summary>
    /// <summary>
    /// A port free now and never handed out before in this test run: a port given to a process that has not bound it
    /// yet is free to the kernel too, and two processes given the same one collide.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
                if (HandedOut.Add(port)) return port;
        }
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>SIGKILL to this process alone, as <c>kill -9 PID</c>: its children keep running.</summary>
    public void KillNine()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>Waits for the process to end; false when it still runs after the timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
