using System.Runtime.InteropServices;

namespace Scheduler.Cli.Hosting;

/// <summary>Completes when the process is asked to stop (Ctrl-C, SIGTERM) or the token is cancelled.</summary>
public static class ShutdownSignal
{
    public static async Task WaitAsync(CancellationToken cancel)
    {
        var stop = new TaskCompletionSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        await using var registration = cancel.Register(() => stop.TrySetResult());
        await stop.Task;
    }
}
