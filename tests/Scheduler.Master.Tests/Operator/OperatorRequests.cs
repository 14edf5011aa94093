using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Scheduler.Master.Tests.Operator;

/// <summary>Requests to the operator API, <c>POST /api/v1</c>.</summary>
public static class OperatorRequests
{
    public const string Json = "application/json";

    public static HttpRequestMessage Post(string body, string contentType = Json, string accept = Json) =>
        Post(Encoding.UTF8.GetBytes(body), contentType, accept);

    public static HttpRequestMessage Post(byte[] body, string contentType, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }

    /// <summary>Posts a JSON call and returns the status and the body as text.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> PostJsonAsync(this HttpClient http, string json)
    {
        using var request = Post(json);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
