using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Scheduler.Benchmarks;

/// <summary>
/// <c>./sched dev</c> as a real process with a fresh data directory and free ports, stopped with SIGTERM (so its
/// containers are destroyed) when disposed. What it prints is kept for error messages.
/// </summary>
public sealed class SchedDevProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private SchedDevProcess(Process process, string dataDirectory, int masterPort, int batchPort)
    {
        this.process = process;
        DataDirectory = dataDirectory;
        MasterAddress = $"127.0.0.1:{masterPort}";
        BatchApi = new Uri($"http://127.0.0.1:{batchPort}/");
    }

    public string DataDirectory { get; }
    public string MasterAddress { get; }
    public Uri BatchApi { get; }
    public bool HasExited => process.HasExited;

    /// <summary>Processor time of the process and of its children it has waited for, from <c>/proc/PID/stat</c>.</summary>
    public TimeSpan ProcessorTime()
    {
        var fields = File.ReadAllText($"/proc/{process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = fields[11..15].Sum(field => long.Parse(field, System.Globalization.CultureInfo.InvariantCulture));
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public static SchedDevProcess Start(string repository, string dataDirectory)
    {
        var (masterPort, agentPort, clusterPort, batchPort) = (FreePort(), FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(Path.Combine(repository, "sched"))
        {
            WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "dev", "--data-dir", dataDirectory, "--port", $"{masterPort}", "--agent-port", $"{agentPort}",
                     "--cluster-port", $"{clusterPort}", "--batch-port", $"{batchPort}",
                 })
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var dev = new SchedDevProcess(process, dataDirectory, masterPort, batchPort);
        process.OutputDataReceived += (_, line) => dev.Append(line.Data);
        process.ErrorDataReceived += (_, line) => dev.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return dev;
    }

    /// <summary>Waits until the batch framework answers and has subscribed (the master lists it), or fails at the deadline.</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"sched dev exited with {process.ExitCode}:\n{Output}");
            try
            {
                var state = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{MasterAddress}/master/state")));
                var batchSubscribed = state?["frameworks"]?.AsArray().Any(framework => framework?["name"]?.ToString() == "batch") == true;
                if (batchSubscribed && (await http.GetAsync(new Uri(BatchApi, "health"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"sched dev was not ready after {timeout.TotalSeconds:F0} s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (process.HasExited)
        {
            process.Dispose();
            return;
        }
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await term.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
