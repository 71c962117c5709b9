using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ConsultBot.Protocol.Connector;

/// <summary>
/// The connector's Polly v8 pipeline: total timeout → retry → circuit breaker → per-try timeout.
/// The retry predicate never re-POSTs a message that may already exist (docs/protocol.md §8, rule 5).
/// </summary>
internal static class ConnectorResilience
{
    /// <summary>Per-request count of POST retries after an outcome where the message may have been created.</summary>
    internal static readonly ResiliencePropertyKey<int> AmbiguousPostRetries = new("ConsultBot.Connector.AmbiguousPostRetries");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ConnectorOptions options, TimeProvider timeProvider, ILogger logger)
    {
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "ConnectorTotalTimeout", Timeout = options.TotalTimeout });

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "ConnectorRetry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome, options.MaxRetryAfter, timeProvider)),
                OnRetry = args =>
                {
                    if (IsPost(args.Context, args.Outcome) && IsAmbiguous(args.Outcome))
                    {
                        args.Context.Properties.Set(AmbiguousPostRetries, args.Context.Properties.GetValue(AmbiguousPostRetries, 0) + 1);
                    }

                    Log.Retrying(logger, Method(args.Context, args.Outcome), Describe(args.Outcome), args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            Name = "ConnectorCircuitBreaker",
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,

            // 429 is the service pacing us, not failing: it must not open the circuit.
            ShouldHandle = args => ValueTask.FromResult(IsServerFailure(args.Outcome)),
        });

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "ConnectorAttemptTimeout", Timeout = options.AttemptTimeout });
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var status = (int?)outcome.Result?.StatusCode;
        var retryable = status is 429 or 502 or 503 or 504
            || outcome.Exception is HttpRequestException or TimeoutRejectedException;
        if (!retryable)
        {
            // Includes 500 to a POST: the message may exist, and a retry would duplicate it.
            return false;
        }

        if (!IsPost(context, outcome) || status == 429)
        {
            // GET/PUT/DELETE are idempotent; a 429 means the POST was not processed.
            return true;
        }

        // 502/503/504/timeout/connection error: the POST may have gone through; retry it once at most.
        return context.Properties.GetValue(AmbiguousPostRetries, 0) < 1;
    }

    private static bool IsAmbiguous(Outcome<HttpResponseMessage> outcome) => outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests;

    private static bool IsServerFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || (int?)outcome.Result?.StatusCode is >= 500 or 408;

    private static bool IsPost(ResilienceContext context, Outcome<HttpResponseMessage> outcome) =>
        Method(context, outcome) == HttpMethod.Post;

    private static HttpMethod? Method(ResilienceContext context, Outcome<HttpResponseMessage> outcome) =>
        context.GetRequestMessage()?.Method ?? outcome.Result?.RequestMessage?.Method;

    /// <summary>The server's Retry-After, capped; null lets the exponential back-off decide.</summary>
    internal static TimeSpan? RetryAfter(Outcome<HttpResponseMessage> outcome, TimeSpan cap, TimeProvider timeProvider)
    {
        var header = outcome.Result?.Headers.RetryAfter;
        TimeSpan? delay = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - timeProvider.GetUtcNow(),
            _ => null,
        };

        if (delay is null)
        {
            return null;
        }

        return delay.Value < TimeSpan.Zero ? TimeSpan.Zero : delay.Value > cap ? cap : delay.Value;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : outcome.Exception?.GetType().Name ?? "unknown";
}
