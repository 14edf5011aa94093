using Scheduler.Master.Allocation;

namespace Scheduler.Master.Tests.Allocation;

[TestFixture]
public sealed class DrfSorterTests : SorterContract
{
    protected override ISorter CreateSorter() => new DrfSorter();
}
