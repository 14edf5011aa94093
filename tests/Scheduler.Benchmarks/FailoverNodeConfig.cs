using Akka.Configuration;
using Akka.Persistence.Sql;
using Scheduler.Protocol.Serialization;

namespace Scheduler.Benchmarks;

/// <summary>
/// The Akka configuration of the failover benchmark's nodes: remoting on loopback, the protobuf serializer, and
/// for masters the registry in a SQLite file, as <c>sched master --data-dir</c> configures it.
/// </summary>
public static class FailoverNodeConfig
{
    public static Config Build(string? registryPath)
    {
        // All simulated agents share one association with the master, so the system messages of 40,000 death
        // watches travel through one buffer; with one node per agent, as in a real cluster, each has its own.
        var config = ConfigurationFactory.ParseString("""
            akka {
              loglevel = WARNING
              stdout-loglevel = WARNING
              log-dead-letters = 0
              log-dead-letters-during-shutdown = off
              actor.provider = remote
              remote {
                system-message-buffer-size = 200000
                # One process carries the agents and both masters; on a loaded machine it can miss Akka.Remote's
                # death-watch heartbeats for longer than the default 10 s and would then drop every agent at once.
                watch-failure-detector.acceptable-heartbeat-pause = 120s
                dot-netty.tcp {
                  hostname = "127.0.0.1"
                  port = 0
                }
              }
              coordinated-shutdown.exit-clr = off
              coordinated-shutdown.run-by-clr-shutdown-hook = off
            }
            """);
        if (registryPath is not null) config = config.WithFallback(Registry($"Data Source={registryPath}"));
        return config.WithFallback(ProtocolSerialization.Config);
    }

    private static Config Registry(string connectionString) => ConfigurationFactory.ParseString($$"""
        akka.persistence {
          journal {
            plugin = "akka.persistence.journal.sql"
            sql {
              connection-string = "{{connectionString}}"
              provider-name = "SQLite.MS"
              auto-initialize = true
            }
          }
          snapshot-store {
            plugin = "akka.persistence.snapshot-store.sql"
            sql {
              connection-string = "{{connectionString}}"
              provider-name = "SQLite.MS"
              auto-initialize = true
            }
          }
        }
        """).WithFallback(SqlPersistence.DefaultConfiguration);
}
