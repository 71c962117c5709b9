using System.Security.Claims;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Protocol.Authentication;

/// <summary>
/// Validates the <c>Authorization</c> header of an inbound activity (Bot Framework channel and
/// Emulator JWTs). Throws <see cref="UnauthorizedAccessException"/> with the reason when it is rejected.
/// </summary>
public interface IBotAuthenticator
{
    /// <summary>True when an app id is configured and every request must carry a valid token.</summary>
    bool IsAuthenticationEnabled { get; }

    Task<ClaimsIdentity> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken);
}

/// <summary>Outbound credentials: a bearer token for connector calls, or null when none is needed (development).</summary>
public interface IAccessTokenProvider
{
    Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The service URLs the bot may send tokens to: those taken from authenticated activities or stored
/// conversation references (plus an optional configured allow-list).
/// </summary>
public interface ITrustedServiceUrls
{
    void Trust(string serviceUrl);

    bool IsTrusted(string serviceUrl);
}
