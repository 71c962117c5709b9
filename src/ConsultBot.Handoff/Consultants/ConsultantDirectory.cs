using System.Collections.Concurrent;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff.Consultants;

/// <summary>
/// Who may act on tickets: the configured consultant ids, or members of the consultants' conversation
/// (connector member lookup, cached; a failed lookup refuses rather than lets anyone in).
/// </summary>
internal sealed class ConsultantDirectory(
    IConnectorClient connector,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<ConsultantDirectory> logger)
{
    private readonly HandoffOptions _options = options.Value;
    private readonly HashSet<string> _configured = new(options.Value.ConsultantIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()), StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (bool IsMember, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private int _writes;

    /// <summary>Users whose membership is cached at most (plus one trim interval); expired ones go first, then the oldest.</summary>
    internal const int MaxCached = 20_000;

    /// <summary>How many users are cached now (for the tests of the bound).</summary>
    internal int CachedCount => _cache.Count;

    public async Task<bool> IsConsultantAsync(ChannelAccount? user, CancellationToken cancellationToken)
    {
        if (user?.Id is not { Length: > 0 } userId)
        {
            return false;
        }

        if (_configured.Contains(userId) || (user.AadObjectId is { Length: > 0 } aad && _configured.Contains(aad)))
        {
            return true;
        }

        if (!_options.IsChannelConfigured || string.IsNullOrWhiteSpace(_options.ServiceUrl))
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        if (_cache.TryGetValue(userId, out var cached) && cached.Until > now)
        {
            return cached.IsMember;
        }

        bool isMember;
        try
        {
            isMember = await connector.GetMemberAsync(_options.ServiceUrl, _options.RosterId, userId, cancellationToken) is not null;
        }
        catch (ConnectorException ex)
        {
            // Fail closed, and do not cache: the next click asks again.
            logger.MembershipLookupFailed(ex, userId);
            return false;
        }

        var ttl = isMember ? _options.MembershipCacheDuration : _options.MembershipCacheDuration / 10;
        _cache[userId] = (isMember, now + ttl);
        if (Interlocked.Increment(ref _writes) % 1024 == 0)
        {
            BoundedMaps.Trim(_cache, MaxCached, static v => v.Until.UtcTicks, v => v.Until <= now);
        }

        return isMember;
    }
}
