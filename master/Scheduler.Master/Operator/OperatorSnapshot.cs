using Scheduler.Protocol.V1.MasterApi;

namespace Scheduler.Master.Operator;

/// <summary>
/// A copy of the master's state in the operator API's messages, taken inside the master actor so that
/// the HTTP side can answer from it without touching the live bookkeeping.
/// </summary>
public sealed record OperatorSnapshot(Response.Types.GetState State, Response.Types.GetMaster Master);
