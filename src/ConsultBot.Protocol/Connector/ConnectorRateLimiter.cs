using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConsultBot.Protocol.Connector;

/// <summary>
/// Client-side pacing (docs/protocol.md §6): token buckets per conversation (burst and 30 s budget) and per
/// tenant. Calls wait for a token instead of failing, so a burst is spread out rather than answered 429.
/// </summary>
internal sealed class ConnectorRateLimiter : IAsyncDisposable
{
    private readonly bool _enabled;
    private readonly PartitionedRateLimiter<string> _conversationBurst;
    private readonly PartitionedRateLimiter<string> _conversationBudget;
    private readonly PartitionedRateLimiter<string> _tenant;

    public ConnectorRateLimiter(IOptions<ConnectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _enabled = o.PacingEnabled;

        _conversationBurst = Create(o.PerConversationBurstLimit, o.PerConversationBurstLimit, o.PerConversationBurstPeriod, o.MaxQueuedCalls);

        // A bucket of L/2 tokens refilled at L/2 per window never lets more than L through in any window.
        var budgetCapacity = o.PerConversationWindowLimit / 2;
        var refills = o.PerConversationWindowLimit - budgetCapacity;
        _conversationBudget = Create(budgetCapacity, 1, o.PerConversationWindow / refills, o.MaxQueuedCalls);

        _tenant = Create(o.TenantLimit, o.TenantLimit, o.TenantPeriod, o.MaxQueuedCalls);
    }

    /// <summary>Waits until a call to this conversation (null: not conversation-bound) and tenant may go.</summary>
    public async ValueTask WaitAsync(string? conversationId, string? tenantId, CancellationToken cancellationToken)
    {
        if (!_enabled)
        {
            return;
        }

        if (!string.IsNullOrEmpty(conversationId))
        {
            await AcquireAsync(_conversationBurst, conversationId, cancellationToken).ConfigureAwait(false);
            await AcquireAsync(_conversationBudget, conversationId, cancellationToken).ConfigureAwait(false);
        }

        await AcquireAsync(_tenant, string.IsNullOrEmpty(tenantId) ? "*" : tenantId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _conversationBurst.DisposeAsync().ConfigureAwait(false);
        await _conversationBudget.DisposeAsync().ConfigureAwait(false);
        await _tenant.DisposeAsync().ConfigureAwait(false);
    }

    private static async ValueTask AcquireAsync(PartitionedRateLimiter<string> limiter, string key, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(key, 1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new ConnectorException(429, "ClientPacingQueueFull", "Too many connector calls are waiting for this conversation or tenant.");
        }
    }

    private static PartitionedRateLimiter<string> Create(int capacity, int tokensPerPeriod, TimeSpan period, int queueLimit) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = capacity,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
}
