using Scheduler.Protocol.V1;

namespace Scheduler.Master.Bookkeeping;

/// <summary>Builds the protobuf offer a framework receives, with the agent's address as Mesos gives it.</summary>
public static class OfferFactory
{
    public static Offer Create(OfferRecord record, AgentInfo agent)
    {
        var offer = new Offer
        {
            Id = new OfferID { Value = record.OfferId },
            FrameworkId = new FrameworkID { Value = record.FrameworkId },
            AgentId = agent.Id,
            Hostname = agent.Hostname,
            Url = new URL
            {
                Scheme = "http",
                Address = new Address { Hostname = agent.Hostname, Ip = agent.Hostname, Port = agent.HasPort ? agent.Port : 5051 },
                Path = "/slave(1)",
            },
        };
        offer.Resources.AddRange(record.Resources.ToProto());
        offer.Attributes.AddRange(agent.Attributes);
        var role = record.Resources.AllocationRoles().FirstOrDefault();
        if (role is not null) offer.AllocationInfo = new Resource.Types.AllocationInfo { Role = role };
        return offer;
    }
}
