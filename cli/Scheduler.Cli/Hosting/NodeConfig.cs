using Akka.Configuration;
using Akka.Persistence.Sql;
using Scheduler.Master.Leadership.Downing;
using Scheduler.Protocol.Serialization;

namespace Scheduler.Cli.Hosting;

/// <summary>The Akka configuration of a node: cluster membership, failure detection, serialization, the registry's store.</summary>
public static class NodeConfig
{
    public static Config Build(NodeOptions options)
    {
        var roles = string.Join(", ", options.Roles.Select(r => $"\"{r}\""));
        var seeds = string.Join(", ", options.SeedNodes.Select(s => $"\"{s}\""));
        var timings = options.Timings;
        var config = ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = INFO
              stdout-loglevel = WARNING
              loggers = ["{{typeof(NLogAkkaLogger).FullName}}, {{typeof(NLogAkkaLogger).Assembly.GetName().Name}}"]
              logger-startup-timeout = 10s
              log-dead-letters = 0
              log-dead-letters-during-shutdown = off
              actor.provider = cluster
              remote.dot-netty.tcp {
                hostname = "{{options.Hostname}}"
                port = {{options.ClusterPort}}
                # The certificate and the peer check come with the actor system's setup (ClusterTls).
                enable-ssl = {{(options.Tls is null ? "off" : "on")}}
                # Akka's default frame, 128,000 bytes, would drop the re-registration of an agent running about
                # 800 tasks without a word to either side.
                maximum-frame-size = {{MaximumFrameSize}}b
              }
              cluster {
                roles = [{{roles}}]
                seed-nodes = [{{seeds}}]
                downing-provider-class = "{{typeof(QuorumDowningProvider).FullName}}, {{typeof(QuorumDowningProvider).Assembly.GetName().Name}}"
                quorum-downing {
                  stable-after = {{Ms(timings.StableAfter)}}
                  ping-interval = {{Ms(timings.HeartbeatInterval)}}
                  acceptable-pause = {{Ms(timings.AcceptableHeartbeatPause)}}
                }
                down-removal-margin = {{Ms(timings.DownRemovalMargin)}}
                gossip-interval = {{Ms(timings.GossipInterval)}}
                leader-actions-interval = {{Ms(timings.LeaderActionsInterval)}}
                failure-detector {
                  heartbeat-interval = {{Ms(timings.HeartbeatInterval)}}
                  acceptable-heartbeat-pause = {{Ms(timings.AcceptableHeartbeatPause)}}
                }
                singleton.hand-over-retry-interval = {{Ms(timings.SingletonRetryInterval)}}
                singleton-proxy.singleton-identification-interval = {{Ms(timings.SingletonRetryInterval)}}
                log-info = off
              }
              coordinated-shutdown.exit-clr = off
            }
            """);
        if (options.ClusterConfigFile is { } overrides)
            config = ConfigurationFactory.ParseString(File.ReadAllText(overrides)).WithFallback(config);
        if (options.RegistryConnection is { } connection) config = config.WithFallback(Registry(connection, PostgreSqlProvider));
        else if (options.RegistryPath is { } path) config = config.WithFallback(Registry($"Data Source={path}", SqliteProvider));
        return config.WithFallback(ProtocolSerialization.Config);
    }

    /// <summary>The largest message between nodes, in bytes: an agent re-registering with about 100,000 tasks.</summary>
    public const int MaximumFrameSize = 16 * 1024 * 1024;

    private static string Ms(TimeSpan span) => $"{(long)span.TotalMilliseconds}ms";

    // linq2db's provider names; "PostgreSQL.15" is the dialect of PostgreSQL 15 and later (Debian 12 ships 15).
    private const string SqliteProvider = "SQLite.MS";
    private const string PostgreSqlProvider = "PostgreSQL.15";

    private static Config Registry(string connectionString, string provider)
    {
        var connection = connectionString.Replace(@"\", @"\\").Replace("\"", "\\\"");
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = "{{connection}}"
                  provider-name = "{{provider}}"
                  auto-initialize = true
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = "{{connection}}"
                  provider-name = "{{provider}}"
                  auto-initialize = true
                }
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }
}
