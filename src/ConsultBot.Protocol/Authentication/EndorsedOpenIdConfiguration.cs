using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ConsultBot.Protocol.Authentication;

/// <summary>
/// OpenID metadata plus the Bot Framework <c>endorsements</c> of each signing key. Keeping both in one
/// object means a key and its endorsements are always from the same JWKS download.
/// </summary>
internal sealed class EndorsedOpenIdConfiguration : OpenIdConnectConfiguration
{
    /// <summary>kid → endorsements; a kid mapped to null had no <c>endorsements</c> entry.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>?> Endorsements { get; init; } =
        new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
}

/// <summary>
/// Downloads the metadata document and the raw JWKS. The Wilson JWKS model does not expose
/// <c>endorsements</c> as a first-class field, so the raw document is read for them.
/// </summary>
internal sealed class EndorsedOpenIdConfigurationRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var metadataJson = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
        var metadata = OpenIdConnectConfiguration.Create(metadataJson);
        if (string.IsNullOrEmpty(metadata.JwksUri))
        {
            throw new InvalidOperationException($"OpenID metadata at {address} has no jwks_uri.");
        }

        var jwksJson = await retriever.GetDocumentAsync(metadata.JwksUri, cancel).ConfigureAwait(false);
        var keySet = new JsonWebKeySet(jwksJson);

        var config = new EndorsedOpenIdConfiguration
        {
            Issuer = metadata.Issuer,
            JwksUri = metadata.JwksUri,
            JsonWebKeySet = keySet,
            Endorsements = ReadEndorsements(jwksJson),
        };
        foreach (var algorithm in metadata.IdTokenSigningAlgValuesSupported)
        {
            config.IdTokenSigningAlgValuesSupported.Add(algorithm);
        }

        foreach (var key in keySet.GetSigningKeys())
        {
            config.SigningKeys.Add(key);
        }

        return config;
    }

    internal static Dictionary<string, IReadOnlyList<string>?> ReadEndorsements(string jwksJson)
    {
        var result = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwksJson);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind != JsonValueKind.Object
                || !key.TryGetProperty("kid", out var kidElement)
                || kidElement.ValueKind != JsonValueKind.String
                || kidElement.GetString() is not { Length: > 0 } kid)
            {
                continue;
            }

            List<string>? endorsements = null;
            if (key.TryGetProperty("endorsements", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                endorsements = [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
            }

            result[kid] = endorsements;
        }

        return result;
    }
}
