using Google.Protobuf.Collections;
using Scheduler.Resources;
using ProtoResource = Scheduler.Protocol.V1.Resource;

namespace Scheduler.Master.Bookkeeping;

/// <summary>
/// Reads the resources of the tasks an agent reports, each distinct list once: an agent's tasks often use the same
/// resources, and comparing two lists costs far less than reading one into a <see cref="ResourceSet"/>.
/// </summary>
public sealed class ReportedTaskResources
{
    private readonly Dictionary<RepeatedField<ProtoResource>, ResourceSet> _read = new();

    public ResourceSet Of(Protocol.V1.Task task)
    {
        if (!_read.TryGetValue(task.Resources, out var resources))
            _read[task.Resources] = resources = ResourceSet.FromProto(task.Resources);
        return resources;
    }
}
