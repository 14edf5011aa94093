namespace Scheduler.Cli.Status;

/// <summary>One resource across the cluster: what agents have, what tasks use, what offers hold, and what is left.</summary>
public sealed record ResourceUsage(string Name, double Total, double Used, double Offered)
{
    public double Idle => Math.Max(0, Total - Used - Offered);

    /// <summary>The share of the total that tasks use, 0 when there is nothing.</summary>
    public double UsedFraction => Total > 0 ? Used / Total : 0;
}
