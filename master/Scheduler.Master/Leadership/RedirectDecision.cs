namespace Scheduler.Master.Leadership;

/// <summary>How a master node answers one HTTP request: itself, a 307 to the leader, or 503 while none leads.</summary>
public abstract record RedirectDecision
{
    private RedirectDecision() { }

    public sealed record Serve : RedirectDecision;

    public sealed record Redirect(string Location) : RedirectDecision;

    public sealed record Unavailable(string Reason) : RedirectDecision;

    public static RedirectDecision ServeHere { get; } = new Serve();
}
