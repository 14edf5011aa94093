using Scheduler.Protocol.V1;

namespace Scheduler.Fuzzing;

/// <summary>Resources as a hostile framework might write them: odd names, types that do not match their values,
/// negative, NaN, infinite and huge quantities, inverted and enormous ranges, reservations and allocation roles.</summary>
public static class RandomResources
{
    private static readonly string[] Names = ["cpus", "mem", "disk", "ports", "gpus", "", "cpus ", "x/y", "é", new string('n', 300)];
    private static readonly string[] Roles = ["*", "web", "eng/batch", "", "../etc", "-", "web/", "*/x", "a b"];
    private static readonly double[] Scalars =
        [0.1, 1, 16, 64, 0, -1, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, double.Epsilon, 0.0005, 1e15, 9.2e18];
    private static readonly ulong[] Bounds = [0, 1, 31000, 31001, 32000, 65535, 65536, uint.MaxValue, long.MaxValue, ulong.MaxValue];

    public static IEnumerable<Resource> Many(Random random, int max = 6) =>
        Enumerable.Range(0, random.Next(max + 1)).Select(_ => One(random));

    public static Resource One(Random random)
    {
        var resource = new Resource
        {
            Name = Names[random.Next(Names.Length)],
            Type = random.Next(12) == 0 ? (Value.Types.Type)random.Next(3, 100) : (Value.Types.Type)random.Next(3),
        };
        var shape = random.Next(10);
        if (shape < 6) resource.Scalar = new Value.Types.Scalar { Value = Scalars[random.Next(Scalars.Length)] };
        if (shape is >= 5 and < 9) resource.Ranges = Ranges(random);
        if (shape >= 8) resource.Set = new Value.Types.Set { Item = { Enumerable.Range(0, random.Next(5)).Select(i => $"item{random.Next(3)}") } };
        if (random.Next(4) == 0) resource.Role = Roles[random.Next(Roles.Length)];
        if (random.Next(3) == 0) resource.AllocationInfo = new Resource.Types.AllocationInfo { Role = Roles[random.Next(Roles.Length)] };
        if (random.Next(4) == 0)
            for (var i = random.Next(1, 3); i > 0; i--)
                resource.Reservations.Add(new Resource.Types.ReservationInfo
                {
                    Type = (Resource.Types.ReservationInfo.Types.Type)random.Next(4),
                    Role = Roles[random.Next(Roles.Length)],
                    Principal = random.Next(2) == 0 ? "ops" : "",
                });
        return resource;
    }

    private static Value.Types.Ranges Ranges(Random random)
    {
        var ranges = new Value.Types.Ranges();
        var count = random.Next(20) == 0 ? 2_000 : random.Next(4);
        for (var i = 0; i < count; i++)
            ranges.Range.Add(new Value.Types.Range
            {
                Begin = random.Next(2) == 0 ? Bounds[random.Next(Bounds.Length)] : 31000 + (ulong)random.Next(1000),
                End = random.Next(2) == 0 ? Bounds[random.Next(Bounds.Length)] : 31000 + (ulong)random.Next(1000),
            });
        return ranges;
    }
}
