using NUnit.Framework;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;

namespace Scheduler.Testing;

/// <summary>A TestKit for NUnit: one actor system per test, shut down after it.</summary>
public abstract class ActorTestBase : TestKitBase
{
    protected ActorTestBase(Config? config = null, string? systemName = null)
        : base(new NUnitAssertions(), config ?? Config.Empty, systemName ?? "test")
    {
    }

    [TearDown]
    public void ShutdownActorSystem() => Shutdown();
}
