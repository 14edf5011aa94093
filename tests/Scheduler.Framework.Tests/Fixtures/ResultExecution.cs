using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Scheduler.Framework.Tests.Fixtures;

/// <summary>Runs an <see cref="IResult"/> against an in-memory response and returns what a client would see.</summary>
internal static class ResultExecution
{
    public static async Task<(int Status, string? ContentType, string Body)> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}
