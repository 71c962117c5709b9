using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ConsultBot.Workshop.Plan;

/// <summary>What a plan link names: whose assessment (channel, user) and which one, and until when it works.</summary>
internal sealed record PlanLinkPayload(string C, string U, string A, long E);

internal enum PlanLinkCheck
{
    Valid,
    Tampered,
    Expired,
    Disabled,
}

/// <summary>
/// Signed, expiring plan links: <c>{base64url(payload)}.{base64url(HMAC-SHA256(key, payload))}</c>. The link is the
/// only credential (a browser has no Teams identity), so it is sent only into the user's personal chat and dies after
/// <see cref="WorkshopOptions.PlanLinkLifetime"/>. The language is a query parameter outside the signature.
/// </summary>
internal sealed class PlanLinks(IOptions<WorkshopOptions> options, TimeProvider timeProvider)
{
    public const string Path = "/workshop/plan/";

    private readonly WorkshopOptions _options = options.Value;

    public bool Enabled => _options.PlanLinksEnabled;

    public (string Token, DateTimeOffset ExpiresAt) Issue(string channelId, string userId, string assessmentId)
    {
        var expires = timeProvider.GetUtcNow().Add(_options.PlanLinkLifetime);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new PlanLinkPayload(channelId, userId, assessmentId, expires.ToUnixTimeSeconds()), WorkshopJsonContext.Default.PlanLinkPayload);
        return (Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Sign(payload)), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    public Uri Url(string token, string language) =>
        new(new Uri(_options.PublicBaseUrl.TrimEnd('/') + "/"), $"{Path.TrimStart('/')}{token}?lang={language}");

    public PlanLinkCheck Check(string? token, out PlanLinkPayload? payload)
    {
        payload = null;
        if (!Enabled)
        {
            return PlanLinkCheck.Disabled;
        }

        var parts = (token ?? string.Empty).Split('.');
        if (parts.Length != 2 || parts[0].Length is 0 or > 2048 || parts[1].Length is 0 or > 128)
        {
            return PlanLinkCheck.Tampered;
        }

        byte[] body;
        byte[] signature;
        try
        {
            body = Base64Url.DecodeFromChars(parts[0]);
            signature = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return PlanLinkCheck.Tampered;
        }

        // The signature first, in constant time; only a genuine payload is parsed.
        if (!CryptographicOperations.FixedTimeEquals(Sign(body), signature))
        {
            return PlanLinkCheck.Tampered;
        }

        try
        {
            payload = JsonSerializer.Deserialize(body, WorkshopJsonContext.Default.PlanLinkPayload);
        }
        catch (JsonException)
        {
            return PlanLinkCheck.Tampered;
        }

        if (payload is null)
        {
            return PlanLinkCheck.Tampered;
        }

        return timeProvider.GetUtcNow().ToUnixTimeSeconds() >= payload.E ? PlanLinkCheck.Expired : PlanLinkCheck.Valid;
    }

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(_options.PlanLinkKey!.Trim()), payload);
}
