namespace Scheduler.Fuzzing;

/// <summary>Which v1 API a body is meant for.</summary>
public enum CallFamily
{
    /// <summary><c>POST /api/v1/scheduler</c>: <c>mesos.v1.scheduler.Call</c>.</summary>
    Scheduler,

    /// <summary><c>POST /api/v1</c>: <c>mesos.v1.master.Call</c>.</summary>
    Operator,
}
