using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using ConsultBot.Protocol.Authentication;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Activity = ConsultBot.Protocol.Schema.Activity;
using IMiddleware = ConsultBot.Protocol.Turn.IMiddleware;

namespace ConsultBot.Protocol.Hosting;

/// <summary>
/// The bot's side of <c>POST /api/messages</c>, in three parts (docs/turn-pipeline.md):
/// <list type="bullet">
/// <item>incoming, here: read and normalise the activity (<see cref="IncomingActivityReader"/>), authenticate,
/// rate-limit per user, drop retries already processed, and answer as the protocol says
/// (200/202 empty, an expectReplies body, an invoke response or 501, problem details for every refusal);</item>
/// <item>the <see cref="TurnRunner"/>: ordering, early acknowledge, typing, middleware, commit, error boundary;</item>
/// <item><see cref="OutgoingActivities"/>: sends, updates and deletes, held until the turn committed.</item>
/// </list>
/// </summary>
public sealed class CloudAdapter : BotAdapter, IDisposable
{
    private readonly IBotAuthenticator _authenticator;
    private readonly ITrustedServiceUrls _trustedServiceUrls;
    private readonly TurnRunner _runner;
    private readonly OutgoingActivities _outgoing;
    private readonly ILogger<CloudAdapter> _logger;
    private readonly BotAdapterOptions _options;
    private readonly BotAuthenticationOptions _authOptions;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly PartitionedRateLimiter<string> _perUser;
    private readonly TimeProvider _timeProvider;

    public CloudAdapter(
        IBotAuthenticator authenticator,
        ITrustedServiceUrls trustedServiceUrls,
        TurnRunner runner,
        OutgoingActivities outgoing,
        IOptions<BotAdapterOptions> options,
        IOptions<BotAuthenticationOptions> authOptions,
        TimeProvider timeProvider,
        ILogger<CloudAdapter> logger,
        IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(authOptions);
        _authenticator = authenticator;
        _trustedServiceUrls = trustedServiceUrls;
        _runner = runner;
        _outgoing = outgoing;
        _options = options.Value;
        _authOptions = authOptions.Value;
        _logger = logger;
        _lifetime = lifetime;

        // Fixed windows per user, after authentication (an anonymous flood never gets this far when auth is on).
        // The limiter drops idle partitions by itself, so memory does not grow with users ever seen.
        var permits = _options.RateLimitPermits;
        var window = _options.RateLimitWindow;
        _perUser = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);
        _timeProvider = timeProvider;
    }

    /// <summary>Called when a turn throws; by default sends a short apology.</summary>
    public TurnErrorHandler? OnTurnError
    {
        get => _runner.OnTurnError;
        set => _runner.OnTurnError = value;
    }

    /// <summary>Called once per window when a user is rate limited, to tell them politely (best effort).</summary>
    public Func<Activity, CancellationToken, Task>? OnRateLimited { get; set; }

    /// <summary>The turn runner (middleware order, state scopes).</summary>
    public TurnRunner Runner => _runner;

    /// <summary>Adds middleware that runs around every turn, in the order added.</summary>
    public CloudAdapter Use(IMiddleware middleware)
    {
        _runner.Use(middleware);
        return this;
    }

    /// <summary>Processes one HTTP request to the messaging endpoint.</summary>
    public async Task ProcessAsync(HttpContext httpContext, IBot bot)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(bot);
        var request = httpContext.Request;
        var response = httpContext.Response;
        var aborted = httpContext.RequestAborted;

        // Taken before the first await: the body read and the token check below can reorder two requests.
        using var arrival = _runner.BeginArrival();
        if (!HttpMethods.IsPost(request.Method))
        {
            response.Headers.Allow = "POST";
            await WriteProblemAsync(response, StatusCodes.Status405MethodNotAllowed, "Method not allowed", "Send activities with POST.", aborted).ConfigureAwait(false);
            return;
        }

        var incoming = await IncomingActivityReader.ReadAsync(request, _options.MaxBodyBytes, aborted).ConfigureAwait(false);
        if (incoming.Activity is not { } activity)
        {
            _logger.RejectedActivity(incoming.Problem!);
            if (incoming.CardActionErrorCode is { } code)
            {
                response.StatusCode = incoming.Status;
                response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(response.Body, AdaptiveCardInvokeResponse.Error(incoming.Status, code, incoming.Problem!), ProtocolJsonContext.Default.AdaptiveCardInvokeResponse, aborted).ConfigureAwait(false);
                return;
            }

            await WriteProblemAsync(response, incoming.Status, incoming.Status == 413 ? "Activity too large" : "Invalid activity", incoming.Problem!, aborted).ConfigureAwait(false);
            return;
        }

        if (activity.Conversation?.Id is { Length: > 0 })
        {
            arrival.Identify(TurnRunner.ConversationKey(activity));
        }

        ClaimsIdentity identity;
        try
        {
            identity = await _authenticator.AuthenticateAsync(request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, activity, aborted).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException ex)
        {
            _logger.Unauthorized(ex.Message);
            await WriteProblemAsync(response, StatusCodes.Status401Unauthorized, "Unauthorized", "The request is not authenticated for this bot.", aborted).ConfigureAwait(false);
            return;
        }
#pragma warning disable CA1031 // The signing keys could not be fetched: the token can be neither accepted nor rejected; the channel retries a 503.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            _logger.AuthenticationUnavailable(ex);
            response.Headers.RetryAfter = "5";
            await WriteProblemAsync(response, StatusCodes.Status503ServiceUnavailable, "Authentication unavailable", "The token could not be validated right now (signing keys unavailable). Try again shortly.", aborted).ConfigureAwait(false);
            return;
        }

        activity.CallerId = _authenticator.IsAuthenticationEnabled ? "urn:botframework:azure" : null;
        if (_runner.IsKnownDuplicate(activity))
        {
            _logger.DuplicateActivity(activity.Id!, activity.ChannelId);
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (!await TryAcquirePermitAsync(activity, aborted).ConfigureAwait(false))
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(_options.RateLimitWindow.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteProblemAsync(response, StatusCodes.Status429TooManyRequests, "Too many activities", "This user sent more activities than the bot accepts in a short time; send again in a moment.", aborted).ConfigureAwait(false);
            return;
        }

        await RunAndRespondAsync(httpContext, activity, identity, bot, arrival).ConfigureAwait(false);
    }

    private async Task RunAndRespondAsync(HttpContext httpContext, Activity activity, ClaimsIdentity identity, IBot bot, ArrivalOrder.Arrival arrival)
    {
        var response = httpContext.Response;
        var expectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase);
        var isInvoke = activity.IsType(ActivityTypes.Invoke);

        // The turn must outlive the HTTP request when it is acknowledged early: it runs on the
        // application's lifetime token, not on RequestAborted.
        var turnToken = _lifetime?.ApplicationStopping ?? CancellationToken.None;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = await _runner.RunAsync(this, activity, identity, bot.OnTurnAsync, acknowledgeEarly: !expectReplies && !isInvoke, turnToken, httpContext.RequestAborted, arrival).ConfigureAwait(false);
        if (outcome is null)
        {
            response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        _logger.Processed(activity.Type, activity.Id, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        switch (outcome.Kind)
        {
            case TurnOutcomeKind.Busy:
                response.Headers.RetryAfter = "1";
                await WriteProblemAsync(response, StatusCodes.Status429TooManyRequests, "Conversation busy", "Too many activities of this conversation are waiting to be processed; send again in a moment.", httpContext.RequestAborted).ConfigureAwait(false);
                return;
            case TurnOutcomeKind.Duplicate:
                response.StatusCode = StatusCodes.Status200OK;
                return;
        }

        var context = outcome.Context!;
        if (expectReplies)
        {
            var body = new ExpectedReplies { Activities = outcome.Replies?.ToExpectedReplies() ?? [], Body = context.InvokeResponse?.Body };
            if (isInvoke && context.InvokeResponse is null && !InvokeNames.IsProtocolName(activity.Name))
            {
                await WriteUnknownInvokeAsync(response, activity.Name, httpContext.RequestAborted).ConfigureAwait(false);
                return;
            }

            response.StatusCode = isInvoke && context.InvokeResponse is null ? StatusCodes.Status501NotImplemented : StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, body, ProtocolJsonContext.Default.ExpectedReplies, httpContext.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!isInvoke)
        {
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (context.InvokeResponse is { } invokeResponse)
        {
            response.StatusCode = invokeResponse.Status;
            if (invokeResponse.Body is not null)
            {
                response.ContentType = "application/json; charset=utf-8";
                await response.WriteAsync(invokeResponse.Body.ToJsonString(), httpContext.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        if (!InvokeNames.IsProtocolName(activity.Name))
        {
            await WriteUnknownInvokeAsync(response, activity.Name, httpContext.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.StatusCode = StatusCodes.Status501NotImplemented;
    }

    // A name outside the protocol's vocabulary is the caller's mistake, not a feature this bot lacks.
    private static Task WriteUnknownInvokeAsync(HttpResponse response, string? name, CancellationToken cancellationToken) =>
        WriteProblemAsync(response, StatusCodes.Status400BadRequest, "Unknown invoke", $"No handler takes an invoke named '{Shorten(name)}'.", cancellationToken);

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

    private async Task<bool> TryAcquirePermitAsync(Activity activity, CancellationToken cancellationToken)
    {
        // Per user: a user flooding from several chats is one source; a conversation without a user id is its own.
        var key = activity.From?.AadObjectId ?? activity.From?.Id ?? $"{activity.ChannelId}/{activity.Conversation!.Id}";
        using var lease = _perUser.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return true;
        }

        _logger.RateLimited(activity.Type);

        // Tell the user once per window, on the first refused activity (the permit count goes negative only then).
        if (OnRateLimited is { } notify && activity.IsType(ActivityTypes.Message) && FirstRefusalInWindow(key))
        {
            try
            {
                await notify(activity, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConnectorException or HttpRequestException or OperationCanceledException)
            {
                _logger.TypingFailed(ex, activity.Id);
            }
        }

        return false;
    }

    private readonly Dictionary<string, long> _notified = new(StringComparer.Ordinal);

    private bool FirstRefusalInWindow(string key)
    {
        var window = _timeProvider.GetUtcNow().Ticks / Math.Max(1, _options.RateLimitWindow.Ticks);
        lock (_notified)
        {
            if (_notified.Count > 10_000)
            {
                _notified.Clear();
            }

            if (_notified.TryGetValue(key, out var last) && last == window)
            {
                return false;
            }

            _notified[key] = window;
            return true;
        }
    }

    public override Task<IReadOnlyList<ResourceResponse?>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken) =>
        _outgoing.SendAsync(turnContext, activities, cancellationToken);

    public override Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
        _outgoing.UpdateAsync(turnContext, activity, cancellationToken);

    public override Task DeleteActivityAsync(ITurnContext turnContext, string activityId, CancellationToken cancellationToken) =>
        _outgoing.DeleteAsync(turnContext, activityId, cancellationToken);

    public override async Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(callback);
        if (reference.ServiceUrl is { } serviceUrl)
        {
            // References are stored only from authenticated activities, so their service URL is trusted.
            _trustedServiceUrls.Trust(serviceUrl);
        }

        var context = new TurnContext(this, CreateContinueActivity(reference), CreateProactiveIdentity(_authOptions.MicrosoftAppId));
        await _runner.RunProactiveAsync(context, callback, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _perUser.Dispose();

    private static async Task WriteProblemAsync(HttpResponse response, int status, string title, string detail, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/problem+json; charset=utf-8";
        var problem = new JsonObject { ["type"] = "about:blank", ["title"] = title, ["status"] = status, ["detail"] = detail };
        await response.WriteAsync(problem.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }
}
