using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;

namespace Scheduler.Security.Authentication;

/// <summary>
/// Registers the Basic and bearer-token handlers on an HTTP server and refuses, with 401 and the WWW-Authenticate
/// challenges, every request without an authenticated principal except those to the server's open paths.
/// </summary>
public static class RequiredAuthentication
{
    public static void AddServices(IServiceCollection services, AuthenticationSettings settings)
    {
        var builder = services.AddAuthentication(AuthenticationSchemes.Selector)
            .AddPolicyScheme(AuthenticationSchemes.Selector, null, policy => policy.ForwardDefaultSelector = context =>
                settings.JwtSecret is not null && IsBearer(context.Request) ? AuthenticationSchemes.Bearer : AuthenticationSchemes.Basic)
            .AddScheme<BasicAuthenticationOptions, BasicAuthenticationHandler>(AuthenticationSchemes.Basic, basic =>
            {
                basic.Credentials = settings.Credentials;
                basic.BearerEnabled = settings.JwtSecret is not null;
            });
        if (settings.JwtSecret is { } secret)
            builder.AddJwtBearer(AuthenticationSchemes.Bearer, bearer =>
            {
                bearer.MapInboundClaims = false;
                bearer.RequireHttpsMetadata = false;
                bearer.TokenValidationParameters = BearerTokens.ValidationParameters(secret);
            });
    }

    /// <summary>Adds the middleware that sets <c>HttpContext.User</c> or answers 401; paths are matched whole, ignoring case.</summary>
    public static void Use(IApplicationBuilder app, AuthenticationSettings settings, IReadOnlyCollection<string> openPaths)
    {
        StringValues challenges = settings.JwtSecret is null
            ? $"Basic realm=\"{settings.Realm}\""
            : new StringValues([$"Basic realm=\"{settings.Realm}\"", $"Bearer realm=\"{settings.Realm}\""]);
        app.Use(async (context, next) =>
        {
            if (openPaths.Any(open => context.Request.Path.Equals(open, StringComparison.OrdinalIgnoreCase)))
            {
                await next(context);
                return;
            }
            var result = await context.AuthenticateAsync(AuthenticationSchemes.Selector);
            if (result.Succeeded && !string.IsNullOrEmpty(result.Principal.Identity?.Name))
            {
                context.User = result.Principal;
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = challenges;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(Explain(result));
        });
    }

    /// <summary>Why a request is not authenticated, in words a client can act on.</summary>
    public static string Explain(AuthenticateResult result) => result.Failure switch
    {
        null when result.Succeeded => "Invalid bearer token: it names no principal ('sub')",
        null => "Missing credentials: send 'Authorization: Basic' with a principal and secret, or 'Authorization: Bearer' with a token",
        AggregateException many => Explain(AuthenticateResult.Fail(many.InnerExceptions[0])),
        SecurityTokenExpiredException => "Invalid bearer token: expired",
        SecurityTokenNotYetValidException => "Invalid bearer token: not valid yet",
        SecurityTokenNoExpirationException => "Invalid bearer token: no expiry ('exp')",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "Invalid bearer token: bad signature",
        SecurityTokenInvalidAlgorithmException => "Invalid bearer token: not signed with HS256",
        SecurityTokenMalformedException or ArgumentException => "Invalid bearer token: malformed",
        SecurityTokenException token => $"Invalid bearer token: {token.GetType().Name.Replace("SecurityToken", "").Replace("Exception", "")}",
        var failure => failure.Message,
    };

    private static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
