using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using NLog;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace Scheduler.Cli.Hosting;

/// <summary>Akka's log events written through NLog, under the logger name of the class that logged them.</summary>
public sealed class NLogAkkaLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public NLogAkkaLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private static void Write(LogEvent e)
    {
        var logger = LogManager.GetLogger(e.LogClass is { } type && type != typeof(DummyClassForStringSources) ? type.FullName ?? e.LogSource : e.LogSource);
        var level = e.LogLevel() switch
        {
            AkkaLogLevel.DebugLevel => NLog.LogLevel.Debug,
            AkkaLogLevel.InfoLevel => NLog.LogLevel.Info,
            AkkaLogLevel.WarningLevel => NLog.LogLevel.Warn,
            _ => NLog.LogLevel.Error,
        };
        var cause = e is Error error ? error.Cause : null;
        logger.Log(level, cause, "{0}", e.Message?.ToString() ?? "");
    }
}
