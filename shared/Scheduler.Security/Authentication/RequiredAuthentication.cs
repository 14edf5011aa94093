using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;

namespace Scheduler.Security.Authentication;

/// <summary>
/// Registers the Basic and bearer-token handlers on an HTTP server and refuses, with 401 and the WWW-Authenticate
/// challenges, every request without an authenticated principal except those to the server's open paths. A script's
/// request (<c>X-Requested-With: XMLHttpRequest</c>, as the web UI sends) gets no Basic challenge, so that the browser
/// does not put up its own prompt and the page can ask for credentials itself.
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
        var basic = $"Basic realm=\"{settings.Realm}\"";
        var bearer = $"Bearer realm=\"{settings.Realm}\"";
        StringValues challenges = settings.JwtSecret is null ? basic : new StringValues([basic, bearer]);
        StringValues scriptChallenges = settings.JwtSecret is null ? StringValues.Empty : bearer;
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
            var challengesForRequest = IsScriptRequest(context.Request) ? scriptChallenges : challenges;
            if (challengesForRequest.Count > 0) context.Response.Headers.WWWAuthenticate = challengesForRequest;
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

    /// <summary>Whether a page's script sent the request, which then handles a 401 itself rather than the browser.</summary>
    public static bool IsScriptRequest(HttpRequest request) =>
        request.Headers.XRequestedWith.ToString().Equals("XMLHttpRequest", StringComparison.OrdinalIgnoreCase);

    private static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
