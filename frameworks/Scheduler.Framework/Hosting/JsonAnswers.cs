using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Scheduler.Framework.Hosting;

/// <summary>The frameworks' JSON answers: a body as it is, or errors as <c>{"message": …, "errors": […]}</c>.</summary>
public static class JsonAnswers
{
    public static IResult Json(JsonObject body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    /// <summary><c>message</c> joins the errors with new lines; <c>errors</c> lists them one by one.</summary>
    public static IResult Error(int status, IReadOnlyList<string> errors) => Json(new JsonObject
    {
        ["message"] = string.Join("\n", errors),
        ["errors"] = new JsonArray(errors.Select(error => (JsonNode?)error).ToArray()),
    }, status);
}
