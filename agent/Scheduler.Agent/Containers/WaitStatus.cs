namespace Scheduler.Agent.Containers;

/// <summary>A decoded waitpid status: either an exit code or the terminating signal.</summary>
internal readonly record struct WaitStatus(int? ExitCode, int? Signal)
{
    public static WaitStatus From(int status)
    {
        var signal = status & 0x7f;
        return signal == 0
            ? new WaitStatus((status >> 8) & 0xff, null)
            : new WaitStatus(null, signal);
    }
}
