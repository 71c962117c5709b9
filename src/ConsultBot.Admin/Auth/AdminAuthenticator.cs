using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;


namespace ConsultBot.Admin.Auth;

/// <summary>
/// Resolves the caller of the admin API from <c>Authorization: Bearer …</c>: a personal key (<see cref="AdminKeyStore"/>)
/// or an Entra ID token validated with Microsoft.IdentityModel (signature, issuer, audience, lifetime), whose
/// <c>oid</c> must be in <c>Admin:Users</c>. Nothing the caller writes in other headers names the editor.
/// </summary>
internal sealed class AdminAuthenticator
{
    private readonly AdminKeyStore _keys;
    private readonly IOptionsMonitor<AdminOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AdminAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly Lazy<ConfigurationManager<OpenIdConnectConfiguration>?> _metadata;

    public AdminAuthenticator(AdminKeyStore keys, IOptionsMonitor<AdminOptions> options, TimeProvider timeProvider, ILogger<AdminAuthenticator> logger)
    {
        _keys = keys;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _metadata = new(() =>
        {
            var entra = options.CurrentValue.Entra;
            if (string.IsNullOrWhiteSpace(entra.TenantId) || !string.IsNullOrWhiteSpace(entra.TestSigningKey))
            {
                return null;
            }

            var address = entra.MetadataAddress ?? $"https://login.microsoftonline.com/{entra.TenantId}/v2.0/.well-known/openid-configuration";
            return new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = true });
        });
    }

    public bool IsAdmin(string? objectId) =>
        !string.IsNullOrEmpty(objectId) && _options.CurrentValue.Users.Any(u => string.Equals(u, objectId, StringComparison.OrdinalIgnoreCase));

    public async Task<AdminAuthResult> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return new(AdminAuthOutcome.Unauthenticated, null, "An 'Authorization: Bearer' header with a personal key or an Entra ID token is required.");
        }

        var credential = header[7..].Trim();
        if (credential.StartsWith(AdminKeyStore.KeyPrefix, StringComparison.Ordinal) || !credential.Contains('.', StringComparison.Ordinal))
        {
            var name = await _keys.FindAsync(credential, cancellationToken).ConfigureAwait(false);
            if (name is null)
            {
                Log.KeyRefused(_logger);
                return new(AdminAuthOutcome.Unauthenticated, null, "The key is not known or was revoked.");
            }

            return new(AdminAuthOutcome.Admin, new AdminIdentity("key:" + name, name), string.Empty);
        }

        return await ValidateTokenAsync(credential, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AdminAuthResult> ValidateTokenAsync(string token, CancellationToken cancellationToken)
    {
        var entra = _options.CurrentValue.Entra;
        if (!entra.Enabled)
        {
            return new(AdminAuthOutcome.Unauthenticated, null, "Entra ID tokens are not configured here (Admin:Entra); use a personal key.");
        }

        var parameters = new TokenValidationParameters
        {
            ValidAudiences = [.. entra.Audiences],
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                // Our clock, not the machine's: tests run on a fake one.
                var now = _timeProvider.GetUtcNow().UtcDateTime;
                return expires is { } e && e.Add(p.ClockSkew) > now && (notBefore is null || notBefore.Value.Subtract(p.ClockSkew) <= now);
            },
        };
        if (!string.IsNullOrWhiteSpace(entra.TestSigningKey))
        {
            parameters.ValidIssuer = entra.Issuer;
            parameters.IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(entra.TestSigningKey));
        }
        else
        {
            var config = await _metadata.Value!.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            parameters.IssuerSigningKeys = config.SigningKeys;

            // Teams SSO tokens come from either endpoint version.
            parameters.ValidIssuers = entra.Issuer is { Length: > 0 } issuer
                ? [issuer]
                : [$"https://login.microsoftonline.com/{entra.TenantId}/v2.0", $"https://sts.windows.net/{entra.TenantId}/"];
        }

        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            Log.TokenRefused(_logger, result.Exception?.GetType().Name ?? "invalid");
            return new(AdminAuthOutcome.Unauthenticated, null, "The token is not valid here.");
        }

        var oid = result.Claims.TryGetValue("oid", out var o) ? o?.ToString() : null;
        if (!IsAdmin(oid))
        {
            return new(AdminAuthOutcome.NotAnAdmin, null, "You are signed in but not an administrator of ConsultBot (Admin:Users).");
        }

        var name = result.Claims.TryGetValue("name", out var n) && n?.ToString() is { Length: > 0 } display ? display : oid!;
        return new(AdminAuthOutcome.Admin, new AdminIdentity("entra:" + oid, name), string.Empty);
    }
}
