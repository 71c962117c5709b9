using System.Collections.Concurrent;
using System.Security.Claims;
using ConsultBot.Protocol.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ConsultBot.Protocol.Authentication;

/// <summary>
/// Validates inbound Bot Framework JWTs (docs/protocol.md §2): channel tokens (Teams, Web Chat) and
/// Emulator tokens; skill tokens are refused. Signing keys come from the OpenID metadata, one cached
/// <see cref="ConfigurationManager{T}"/> per metadata URL, refreshed once when a token names an unknown key.
/// </summary>
public sealed class BotFrameworkAuthenticator : IBotAuthenticator
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client used to download OpenID metadata and keys.</summary>
    public const string MetadataHttpClientName = "ConsultBot.OpenIdMetadata";

    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly BotAuthenticationOptions _options;
    private readonly BotFrameworkCloud _cloud;
    private readonly ITrustedServiceUrls _trustedServiceUrls;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BotFrameworkAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _managers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastForcedRefresh = new(StringComparer.Ordinal);

    public BotFrameworkAuthenticator(
        IOptions<BotAuthenticationOptions> options,
        ITrustedServiceUrls trustedServiceUrls,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<BotFrameworkAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _cloud = BotFrameworkCloud.From(_options);
        _trustedServiceUrls = trustedServiceUrls;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public bool IsAuthenticationEnabled => _options.IsAuthenticationEnabled;

    /// <summary>A forced key refresh (unknown kid) happens at most this often per metadata URL.</summary>
    internal TimeSpan MinimumKeyRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long to wait for a requested background key refresh to land.</summary>
    internal TimeSpan KeyRefreshWait { get; init; } = TimeSpan.FromSeconds(3);

    public async Task<ClaimsIdentity> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);

        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            if (!IsAuthenticationEnabled)
            {
                return new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType);
            }

            throw Reject("the Authorization header is missing");
        }

        // A header is validated even when auth is off: a caller that sends a token expects it checked.
        var token = ExtractBearerToken(authorizationHeader);

        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            throw Reject("the token is not a well-formed JWT");
        }

        if (!AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            throw Reject($"signing algorithm '{jwt.Alg}' is not allowed (RS256, RS384 or RS512 only)");
        }

        if (IsSkillToken(jwt))
        {
            throw Reject("skill (bot-to-bot) tokens are not accepted");
        }

        var fromEmulator = _cloud.EmulatorIssuers.Contains(jwt.Issuer, StringComparer.Ordinal);
        if (fromEmulator && !_options.AllowEmulatorTokens)
        {
            throw Reject("Emulator tokens are not accepted by this host (Bot:AllowEmulatorTokens)");
        }

        var identity = fromEmulator
            ? await ValidateEmulatorTokenAsync(token, cancellationToken).ConfigureAwait(false)
            : await ValidateChannelTokenAsync(token, activity, cancellationToken).ConfigureAwait(false);

        // Tokens may now be sent to this service URL (docs/protocol.md §3, trusted service URLs).
        if (!string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            _trustedServiceUrls.Trust(activity.ServiceUrl);
        }

        Log.TokenAccepted(_logger, jwt.Issuer, activity.ChannelId);
        return identity;
    }

    private static string ExtractBearerToken(string header)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw Reject("the Authorization header is not of the form 'Bearer <token>'");
        }

        var token = header[Scheme.Length..].Trim();
        if (token.Length == 0 || token.Contains(' ', StringComparison.Ordinal))
        {
            throw Reject("the Authorization header is not of the form 'Bearer <token>'");
        }

        return token;
    }

    // docs/protocol.md §2.3: a `ver` claim, an audience other than the Bot Framework, and appid/azp ≠ aud.
    private static bool IsSkillToken(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<string>("ver", out _))
        {
            return false;
        }

        var audience = jwt.Audiences.FirstOrDefault();
        if (audience is null || string.Equals(audience, AuthenticationConstants.PublicChannelIssuer, StringComparison.OrdinalIgnoreCase)
            || string.Equals(audience, AuthenticationConstants.GovernmentChannelIssuer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var appId = GetAppIdClaim(jwt);
        return appId is not null && !string.Equals(appId, audience, StringComparison.Ordinal);
    }

    private static string? GetAppIdClaim(JsonWebToken jwt)
    {
        jwt.TryGetPayloadValue<string>("ver", out var version);
        var claim = version == "2.0" ? "azp" : "appid";
        return jwt.TryGetPayloadValue<string>(claim, out var value) ? value : null;
    }

    private async Task<ClaimsIdentity> ValidateChannelTokenAsync(string token, Activity activity, CancellationToken cancellationToken)
    {
        var parameters = CreateParameters();
        parameters.ValidIssuer = _cloud.ChannelIssuer;
        parameters.ValidateAudience = true;
        parameters.ValidAudience = _options.MicrosoftAppId;

        var (result, configuration) = await ValidateSignedAsync(token, _cloud.ChannelMetadataUrl, parameters, cancellationToken).ConfigureAwait(false);
        var jwt = (JsonWebToken)result.SecurityToken;

        // Endorsements say which channels a key may sign for; a key with none is not a channel key.
        var kid = jwt.SigningKey?.KeyId ?? jwt.Kid;
        if (configuration is not EndorsedOpenIdConfiguration endorsed
            || kid is null
            || !endorsed.Endorsements.TryGetValue(kid, out var endorsements)
            || endorsements is null
            || endorsements.Count == 0)
        {
            throw Reject("the signing key has no endorsements");
        }

        if (string.IsNullOrEmpty(activity.ChannelId) || !endorsements.Contains(activity.ChannelId, StringComparer.OrdinalIgnoreCase))
        {
            throw Reject($"the signing key is not endorsed for channel '{activity.ChannelId}'");
        }

        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var claimedServiceUrl) || string.IsNullOrWhiteSpace(claimedServiceUrl))
        {
            throw Reject("the token has no serviceurl claim");
        }

        if (string.IsNullOrWhiteSpace(activity.ServiceUrl)
            || !string.Equals(claimedServiceUrl.Trim().TrimEnd('/'), activity.ServiceUrl.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            throw Reject("the serviceurl claim does not match the activity's serviceUrl");
        }

        return result.ClaimsIdentity;
    }

    private async Task<ClaimsIdentity> ValidateEmulatorTokenAsync(string token, CancellationToken cancellationToken)
    {
        var parameters = CreateParameters();
        parameters.ValidIssuers = _cloud.EmulatorIssuers;

        // The Emulator's audience is checked through appid/azp below, as the SDK does.
        parameters.ValidateAudience = false;

        var (result, _) = await ValidateSignedAsync(token, _cloud.EmulatorMetadataUrl, parameters, cancellationToken).ConfigureAwait(false);
        var jwt = (JsonWebToken)result.SecurityToken;

        if (!jwt.TryGetPayloadValue<string>("ver", out var version))
        {
            throw Reject("the Emulator token has no 'ver' claim");
        }

        var claim = version switch
        {
            "1.0" or "" => "appid",
            "2.0" => "azp",
            _ => throw Reject($"the Emulator token version '{version}' is not supported"),
        };

        if (!jwt.TryGetPayloadValue<string>(claim, out var appId) || string.IsNullOrEmpty(appId))
        {
            throw Reject($"the Emulator token has no '{claim}' claim");
        }

        if (!string.Equals(appId, _options.MicrosoftAppId, StringComparison.Ordinal))
        {
            throw Reject($"the Emulator token's '{claim}' claim is not the bot's app id");
        }

        return result.ClaimsIdentity;
    }

    private TokenValidationParameters CreateParameters() => new()
    {
        ValidateIssuer = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = AuthenticationConstants.ClockSkew,
        ValidAlgorithms = AllowedAlgorithms,
        TryAllIssuerSigningKeys = false,
        AuthenticationType = AuthenticationConstants.BotFrameworkAuthType,
        LifetimeValidator = ValidateLifetime,
    };

    // Lifetime against our TimeProvider (not the wall clock) so it is testable and consistent.
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiration.");
        }

        if (notBefore is { } nbf && nbf > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.");
        }

        if (expires.Value < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.");
        }

        return true;
    }

    private async Task<(TokenValidationResult Result, OpenIdConnectConfiguration Configuration)> ValidateSignedAsync(
        string token, string metadataUrl, TokenValidationParameters parameters, CancellationToken cancellationToken)
    {
        var manager = GetManager(metadataUrl);
        var configuration = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        parameters.IssuerSigningKeys = configuration.SigningKeys;
        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);

        // Keys rotate: an unknown kid triggers one refresh of the metadata and one more attempt.
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException && TryClaimForcedRefresh(metadataUrl))
        {
            Log.RefreshingSigningKeys(_logger, metadataUrl);
            manager.RequestRefresh();
            configuration = await WaitForRefreshAsync(manager, configuration, cancellationToken).ConfigureAwait(false);
            parameters.IssuerSigningKeys = configuration.SigningKeys;
            result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        }

        if (!result.IsValid)
        {
            throw Reject(Describe(result.Exception));
        }

        return (result, configuration);
    }

    // Wilson refreshes in the background after RequestRefresh(); wait (bounded) for the new document.
    private async Task<OpenIdConnectConfiguration> WaitForRefreshAsync(
        ConfigurationManager<OpenIdConnectConfiguration> manager, OpenIdConnectConfiguration previous, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + KeyRefreshWait;
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var current = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(current, previous) || _timeProvider.GetUtcNow() >= deadline)
            {
                return current;
            }

            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    private bool TryClaimForcedRefresh(string metadataUrl)
    {
        var now = _timeProvider.GetTimestamp();
        while (true)
        {
            if (!_lastForcedRefresh.TryGetValue(metadataUrl, out var last))
            {
                if (_lastForcedRefresh.TryAdd(metadataUrl, now))
                {
                    return true;
                }

                continue;
            }

            if (_timeProvider.GetElapsedTime(last, now) < MinimumKeyRefreshInterval)
            {
                return false;
            }

            if (_lastForcedRefresh.TryUpdate(metadataUrl, now, last))
            {
                return true;
            }
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> GetManager(string metadataUrl) =>
        _managers.GetOrAdd(metadataUrl, url =>
        {
            var retriever = new HttpDocumentRetriever(_httpClientFactory.CreateClient(MetadataHttpClientName))
            {
                // Plain http only for a loopback stub (tests); real metadata is always https.
                RequireHttps = !IsLoopback(url),
            };
            return new ConfigurationManager<OpenIdConnectConfiguration>(url, new EndorsedOpenIdConfigurationRetriever(), retriever)
            {
                RefreshInterval = MinimumKeyRefreshInterval,
            };
        });

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => "the audience is not the bot's app id",
        SecurityTokenInvalidIssuerException => "the issuer is not trusted",
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenNoExpirationException => "the token has no expiration",
        SecurityTokenInvalidAlgorithmException => "the signing algorithm is not allowed",
        SecurityTokenSignatureKeyNotFoundException => "the signing key is unknown",
        SecurityTokenInvalidSignatureException => "the signature is invalid",
        SecurityTokenInvalidLifetimeException => "the token lifetime is invalid",
        _ => "the token is invalid",
    };

    private static UnauthorizedAccessException Reject(string reason) => new($"Bot Framework token rejected: {reason}.");
}
