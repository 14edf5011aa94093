namespace Scheduler.Services.Apps;

public enum DeploymentKind
{
    Start,
    Scale,

    /// <summary>A new version: the old instances are replaced, within the app's upgrade strategy.</summary>
    Upgrade,

    /// <summary>The same configuration as a new version, so every instance is replaced as in an upgrade.</summary>
    Restart,
}
