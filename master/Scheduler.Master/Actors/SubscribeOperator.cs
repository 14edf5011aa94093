using Scheduler.Master.Operator;

namespace Scheduler.Master.Actors;

/// <summary>Adds an operator to the master's event stream; answered with <see cref="Akka.Done"/> once SUBSCRIBED is queued.</summary>
public sealed record SubscribeOperator(OperatorSubscriber Subscriber);
