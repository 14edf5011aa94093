namespace Scheduler.Fuzzing;

/// <summary>An input that broke a property, with what replays it: the seed and the iteration it came at.</summary>
public sealed record FuzzFailure(int Seed, long Iteration, FuzzCase Input, Exception Error)
{
    public override string ToString() =>
        $"seed {Seed}, iteration {Iteration}: {Error.GetType().Name}: {Error.Message}\ninput {Input}\n{Error.StackTrace}";
}
