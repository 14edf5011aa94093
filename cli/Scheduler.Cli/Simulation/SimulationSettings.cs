namespace Scheduler.Cli.Simulation;

/// <summary>The size and shape of a simulated cluster.</summary>
/// <param name="Agents">Simulated agents, each cpus:2;mem:1024;disk:4096;ports:[31000-32000].</param>
/// <param name="Frameworks">Simulated frameworks, all in the default role.</param>
/// <param name="Seconds">Simulated seconds to run; one allocation cycle per second, as the master's default interval.</param>
/// <param name="TaskSeconds">How long each task runs, in simulated seconds.</param>
/// <param name="TasksPerFramework">How many tasks each framework wants running at once; it declines offers beyond that.</param>
public sealed record SimulationSettings(int Agents, int Frameworks, int Seconds, int TaskSeconds, int TasksPerFramework)
{
    public static readonly TimeSpan AllocationInterval = TimeSpan.FromSeconds(1);

    public const string AgentResources = "cpus:2;mem:1024;disk:4096;ports:[31000-32000]";

    public const string TaskResources = "cpus:0.5;mem:128";
}
