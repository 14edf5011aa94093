namespace Scheduler.Fuzzing;

/// <summary>
/// Code under fuzzing. <see cref="Generate"/> makes the next input from the random source;
/// <see cref="Execute"/> runs it and throws when a property breaks (an undocumented exception escapes,
/// an invariant fails). A stateful target depends only on the inputs it was given, so a seed replays it.
/// </summary>
public interface IFuzzTarget
{
    string Name { get; }

    FuzzCase Generate(Random random);

    FuzzVerdict Execute(FuzzCase input);
}
