using Scheduler.Protocol.V1.MasterApi;

namespace Scheduler.Master.Actors;

/// <summary>
/// An operator call the master answers itself (weights, quotas, reservations), with the principal it authenticated as
/// (if any). Answered with an <see cref="Operator.OperatorCallOutcome"/>.
/// </summary>
public sealed record HandleOperatorCall(Call Call, string? Principal = null);
