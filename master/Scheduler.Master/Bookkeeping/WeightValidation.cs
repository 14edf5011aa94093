using System.Globalization;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Master.Bookkeeping;

/// <summary>Checks the weights of an <c>UPDATE_WEIGHTS</c> call as Mesos does, with Mesos's messages.</summary>
public static class WeightValidation
{
    /// <summary>The first problem with the weights, or null.</summary>
    public static string? Validate(IEnumerable<WeightInfo> weights)
    {
        foreach (var weight in weights)
        {
            var role = weight.Role.Trim();
            var roleError = RoleName.Validate(role);
            if (roleError is not null)
                return $"Failed to validate update weights request JSON: Invalid role '{role}': {roleError}";
            if (!(weight.Weight > 0) || double.IsInfinity(weight.Weight))
                return $"Failed to validate update weights request JSON for role '{role}':" +
                       $" Invalid weight '{weight.Weight.ToString(CultureInfo.InvariantCulture)}': Weights must be positive";
        }
        return null;
    }
}
