using Scheduler.Protocol.Internal;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Tests.Bookkeeping;

/// <summary>Agents as they first register with a master.</summary>
public static class Agents
{
    public static RegisterAgent With(string resources, string hostname = "agent-1.example.org")
    {
        var info = new AgentInfo { Hostname = hostname };
        info.Resources.AddRange(ResourceSet.Parse(resources).ToProto());
        return new RegisterAgent { AgentInfo = info, Version = "0.1.0" };
    }
}
