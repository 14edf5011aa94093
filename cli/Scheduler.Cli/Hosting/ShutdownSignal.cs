namespace Scheduler.Cli.Hosting;

/// <summary>
/// Completes when the process is asked to stop. Ctrl-C and SIGTERM cancel the command's token (the command line's
/// one handler of termination signals, see <c>Program.cs</c>), so a second handler never races it.
/// </summary>
public static class ShutdownSignal
{
    /// <summary>How long a command may take to stop once asked, before the process ends anyway.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    public static async Task WaitAsync(CancellationToken cancel)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
