using Microsoft.Extensions.Options;

namespace ConsultBot.Admin;

/// <summary>Section <c>Admin</c>; validated at start.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Entra object ids of the admins (Teams <c>aadObjectId</c>, token <c>oid</c>).</summary>
    public IList<string> Users { get; } = [];

    /// <summary>Personal API keys listed in configuration: a name and the SHA-256 (hex) of the key, never the key itself.</summary>
    public IList<AdminKeyOptions> Keys { get; } = [];

    /// <summary>How Entra ID tokens (the Teams tab's SSO token, or any token for the admin API) are validated.</summary>
    public AdminEntraOptions Entra { get; set; } = new();

    /// <summary>Path of <c>adaptivecards.min.js</c> (npm adaptivecards) for the page's card preview; by default the copy installed next to the app.</summary>
    public string? AdaptiveCardsScript { get; set; }
}

public sealed class AdminKeyOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Lower-case hex SHA-256 of the key (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string Sha256 { get; set; } = string.Empty;
}

public sealed class AdminEntraOptions
{
    /// <summary>Directory (tenant) id; with it the signing keys come from the tenant's OpenID metadata.</summary>
    public string? TenantId { get; set; }

    /// <summary>Accepted audiences: the app id and/or the Application ID URI (<c>api://host/{appId}</c>) of the Teams SSO registration.</summary>
    public IList<string> Audiences { get; } = [];

    /// <summary>Accepted issuer when not derived from <see cref="TenantId"/> (tests and other identity providers).</summary>
    public string? Issuer { get; set; }

    /// <summary>OpenID metadata address override (defaults to the tenant's v2.0 well-known document).</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>
    /// Base64 symmetric signing key, for tests and local development only: with it, tokens signed with this key and
    /// <see cref="Issuer"/> are accepted instead of Entra's. Never set in production.
    /// </summary>
    public string? TestSigningKey { get; set; }

    public bool Enabled => Audiences.Count > 0 && (!string.IsNullOrWhiteSpace(TenantId) || !string.IsNullOrWhiteSpace(TestSigningKey));
}

internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Users.Any(u => !Guid.TryParse(u, out _)))
        {
            failures.Add("Admin:Users must hold Entra object ids (GUIDs).");
        }

        foreach (var key in options.Keys)
        {
            if (string.IsNullOrWhiteSpace(key.Name) || key.Sha256.Length != 64 || !key.Sha256.All(Uri.IsHexDigit))
            {
                failures.Add("Each Admin:Keys item needs a Name and the key's SHA-256 as 64 hex digits (Sha256).");
            }
        }

        var entra = options.Entra;
        if (!string.IsNullOrWhiteSpace(entra.TestSigningKey) && (string.IsNullOrWhiteSpace(entra.Issuer) || !IsBase64(entra.TestSigningKey, 32)))
        {
            failures.Add("Admin:Entra:TestSigningKey needs Admin:Entra:Issuer and at least 32 bytes of base64.");
        }

        if ((!string.IsNullOrWhiteSpace(entra.TenantId) || !string.IsNullOrWhiteSpace(entra.TestSigningKey)) && entra.Audiences.Count == 0)
        {
            failures.Add("Admin:Entra:Audiences must name the app id (and/or Application ID URI) the tokens are issued for.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static bool IsBase64(string value, int minBytes)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written >= minBytes;
    }
}
