using Microsoft.Extensions.Options;

namespace ConsultBot.Protocol.Connector;

/// <summary>
/// Timings of the connector client (configuration section <c>Connector</c>): retries, timeouts, circuit
/// breaker and pacing. Defaults follow the Teams limits of docs/protocol.md §6; tests shrink them.
/// </summary>
public sealed class ConnectorOptions
{
    public const string SectionName = "Connector";

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one call including all retries and their delays (not the pacing wait).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Retries of an idempotent call (GET/PUT/DELETE) or of a POST answered 429.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First back-off delay (exponential, with jitter) when the answer has no Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A server's Retry-After is honoured up to this long.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Circuit breaker: failure ratio within <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Circuit breaker: calls needed in the sampling window before it may open.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Pace sends client-side so bursts wait instead of being throttled by Teams.</summary>
    public bool PacingEnabled { get; set; } = true;

    /// <summary>Sends per conversation per <see cref="PerConversationBurstPeriod"/> (Teams: 7 per second).</summary>
    public int PerConversationBurstLimit { get; set; } = 7;

    public TimeSpan PerConversationBurstPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Sends per conversation per <see cref="PerConversationWindow"/> (Teams: 60 per 30 s).</summary>
    public int PerConversationWindowLimit { get; set; } = 60;

    public TimeSpan PerConversationWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls per tenant (or globally when the tenant is unknown) per <see cref="TenantPeriod"/> (Teams: 50 RPS).</summary>
    public int TenantLimit { get; set; } = 50;

    public TimeSpan TenantPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Calls waiting for a pacing slot, per partition, before new ones fail with 429.</summary>
    public int MaxQueuedCalls { get; set; } = 1000;
}

/// <summary>Start-up validation of <see cref="ConnectorOptions"/> (also within the ranges Polly accepts).</summary>
internal sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var prefix = ConnectorOptions.SectionName + ":";

        void Between(string key, TimeSpan value, TimeSpan min, TimeSpan max)
        {
            if (value < min || value > max)
            {
                failures.Add($"{prefix}{key} must be between {min} and {max} (was {value}).");
            }
        }

        Between(nameof(options.AttemptTimeout), options.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        Between(nameof(options.TotalTimeout), options.TotalTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(30));
        Between(nameof(options.RetryBaseDelay), options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Between(nameof(options.MaxRetryDelay), options.MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Between(nameof(options.MaxRetryAfter), options.MaxRetryAfter, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Between(nameof(options.CircuitBreakerSamplingDuration), options.CircuitBreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        Between(nameof(options.CircuitBreakerBreakDuration), options.CircuitBreakerBreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        Between(nameof(options.PerConversationBurstPeriod), options.PerConversationBurstPeriod, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        Between(nameof(options.PerConversationWindow), options.PerConversationWindow, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        Between(nameof(options.TenantPeriod), options.TenantPeriod, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{prefix}TotalTimeout must not be shorter than {prefix}AttemptTimeout.");
        }

        if (options.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add($"{prefix}MaxRetryAttempts must be between 0 and 10.");
        }

        if (options.CircuitBreakerFailureRatio is <= 0 or > 1)
        {
            failures.Add($"{prefix}CircuitBreakerFailureRatio must be greater than 0 and at most 1.");
        }

        if (options.CircuitBreakerMinimumThroughput < 2)
        {
            failures.Add($"{prefix}CircuitBreakerMinimumThroughput must be at least 2.");
        }

        if (options.PerConversationBurstLimit < 1 || options.PerConversationWindowLimit < 2 || options.TenantLimit < 1)
        {
            failures.Add($"{prefix}PerConversationBurstLimit and TenantLimit must be at least 1, PerConversationWindowLimit at least 2.");
        }

        if (options.MaxQueuedCalls < 0)
        {
            failures.Add($"{prefix}MaxQueuedCalls must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
