using Akka.Configuration;
using Scheduler.Protocol.Serialization;

namespace Scheduler.Master.Tests.Actors;

/// <summary>An actor system for master actor tests: the registry in Akka's in-memory journal, warnings only.</summary>
public static class InMemoryRegistry
{
    public static Config Config { get; } = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """).WithFallback(ProtocolSerialization.Config);
}
