using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConsultBot.Protocol.State;
using Microsoft.Extensions.Options;

namespace ConsultBot.Admin.Auth;

/// <summary>A personal API key created by an admin, at <c>admin/keys/{id}</c>. Only the key's SHA-256 is kept.</summary>
public sealed record AdminKeyRecord(string Id, string Name, string Sha256, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null, string? RevokedBy = null);

/// <summary>A key as listed (configured or stored); never the secret.</summary>
public sealed record AdminKeyInfo(string Id, string Name, string Source, string? CreatedBy, DateTimeOffset? CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A freshly created key: the only time the secret is shown.</summary>
public sealed record AdminKeyCreated(string Id, string Name, string Key);

/// <summary>
/// Personal keys: listed in configuration (<c>Admin:Keys</c>, hashes) or created by an admin (stored hashed, revocable).
/// Created keys look like <c>cbk_{id}_{secret}</c> so the lookup is one read, not a scan.
/// </summary>
internal sealed class AdminKeyStore(IStorage storage, TimeProvider timeProvider, IOptionsMonitor<AdminOptions> options)
{
    public const string Prefix = "admin/keys/";
    public const string KeyPrefix = "cbk_";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public async Task<AdminKeyCreated> CreateAsync(string name, string by, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var key = KeyPrefix + id + "_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '-').TrimEnd('=');
        var record = new AdminKeyRecord(id, name.Trim(), Hash(key), by, timeProvider.GetUtcNow());
        await storage.WriteAsync(Prefix + id, record, AdminJsonContext.Default.AdminKeyRecord, StoreItem.CreateOnly, cancellationToken);
        return new AdminKeyCreated(id, record.Name, key);
    }

    public async Task<bool> RevokeAsync(string id, string by, CancellationToken cancellationToken)
    {
        var stored = await storage.ReadAsync(Prefix + id, AdminJsonContext.Default.AdminKeyRecord, cancellationToken);
        if (stored is null)
        {
            return false;
        }

        if (stored.Value.RevokedAt is null)
        {
            await storage.WriteAsync(Prefix + id, stored.Value with { RevokedAt = timeProvider.GetUtcNow(), RevokedBy = by }, AdminJsonContext.Default.AdminKeyRecord, StoreItem.Any, cancellationToken);
        }

        return true;
    }

    public async Task<IReadOnlyList<AdminKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var stored = await storage.ListAsync(Prefix, AdminJsonContext.Default.AdminKeyRecord, cancellationToken);
        return
        [
            .. options.CurrentValue.Keys.Select(k => new AdminKeyInfo("config:" + k.Name, k.Name, "configuration", null, null, null)),
            .. stored.Select(s => s.Value).Select(r => new AdminKeyInfo(r.Id, r.Name, "created", r.CreatedBy, r.CreatedAt, r.RevokedAt)),
        ];
    }

    /// <returns>The key's name, or null when the key is unknown or revoked.</returns>
    public async Task<string?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var hash = Hash(key);
        foreach (var configured in options.CurrentValue.Keys)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(configured.Sha256.ToLower(CultureInfo.InvariantCulture))))
            {
                return configured.Name;
            }
        }

        var parts = key.Split('_');
        if (parts.Length != 3 || parts[0] + "_" != KeyPrefix || parts[1].Length != 10 || !parts[1].All(Uri.IsHexDigit))
        {
            return null;
        }

        var stored = await storage.ReadAsync(Prefix + parts[1], AdminJsonContext.Default.AdminKeyRecord, cancellationToken);
        return stored?.Value is { RevokedAt: null } record
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(record.Sha256))
            ? record.Name
            : null;
    }
}
