using System.Buffers;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
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

/// <summary>Handles a failed turn: tell the user, log; the adapter keeps the HTTP answer well-formed.</summary>
public delegate Task TurnErrorHandler(ITurnContext turnContext, Exception exception, CancellationToken cancellationToken);

/// <summary>
/// The bot's side of <c>POST /api/messages</c>: reads and validates the activity, authenticates the
/// caller, drops Teams retries of an activity already processed, runs middleware and the bot, and
/// answers as the protocol says (200/202 empty, expectReplies body, invoke response or 501).
/// Replies go through <see cref="IConnectorClient"/>, or are buffered for expectReplies.
/// </summary>
public sealed class CloudAdapter : BotAdapter
{
    private const string BufferKey = "ConsultBot.ExpectRepliesBuffer";
    private readonly IBotAuthenticator _authenticator;
    private readonly IConnectorClient _connector;
    private readonly IStorage _storage;
    private readonly ITrustedServiceUrls _trustedServiceUrls;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CloudAdapter> _logger;
    private readonly BotAdapterOptions _options;
    private readonly BotAuthenticationOptions _authOptions;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly List<IMiddleware> _middleware = [];
    private readonly RecentActivityIds _recent = new();

    public CloudAdapter(
        IBotAuthenticator authenticator,
        IConnectorClient connector,
        IStorage storage,
        ITrustedServiceUrls trustedServiceUrls,
        IOptions<BotAdapterOptions> options,
        IOptions<BotAuthenticationOptions> authOptions,
        TimeProvider timeProvider,
        ILogger<CloudAdapter> logger,
        IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(authOptions);
        _authenticator = authenticator;
        _connector = connector;
        _storage = storage;
        _trustedServiceUrls = trustedServiceUrls;
        _options = options.Value;
        _authOptions = authOptions.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _lifetime = lifetime;
    }

    /// <summary>Called when a turn throws; by default sends a short apology.</summary>
    public TurnErrorHandler? OnTurnError { get; set; }

    /// <summary>Adds middleware that runs around every turn, in the order added.</summary>
    public CloudAdapter Use(IMiddleware middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _middleware.Add(middleware);
        return this;
    }

    /// <summary>Processes one HTTP request to the messaging endpoint.</summary>
    public async Task ProcessAsync(HttpContext httpContext, IBot bot)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(bot);
        var request = httpContext.Request;
        var response = httpContext.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            response.Headers.Allow = "POST";
            await WriteProblemAsync(response, StatusCodes.Status405MethodNotAllowed, "Method not allowed", "Send activities with POST.", httpContext.RequestAborted).ConfigureAwait(false);
            return;
        }

        var (activity, problem, status) = await ReadActivityAsync(request, httpContext.RequestAborted).ConfigureAwait(false);
        if (activity is null)
        {
            _logger.RejectedActivity(problem!);
            await WriteProblemAsync(response, status, status == 413 ? "Activity too large" : "Invalid activity", problem!, httpContext.RequestAborted).ConfigureAwait(false);
            return;
        }

        ClaimsIdentity identity;
        try
        {
            identity = await _authenticator.AuthenticateAsync(request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, activity, httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException ex)
        {
            _logger.Unauthorized(ex.Message);
            await WriteProblemAsync(response, StatusCodes.Status401Unauthorized, "Unauthorized", "The request is not authenticated for this bot.", httpContext.RequestAborted).ConfigureAwait(false);
            return;
        }
#pragma warning disable CA1031 // The signing keys could not be fetched: the token can be neither accepted nor rejected; the channel retries a 503.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            _logger.AuthenticationUnavailable(ex);
            response.Headers.RetryAfter = "5";
            await WriteProblemAsync(response, StatusCodes.Status503ServiceUnavailable, "Authentication unavailable", "The token could not be validated right now (signing keys unavailable). Try again shortly.", httpContext.RequestAborted).ConfigureAwait(false);
            return;
        }

        activity.CallerId = _authenticator.IsAuthenticationEnabled ? "urn:botframework:azure" : null;
        if (await IsDuplicateAsync(activity, httpContext.RequestAborted).ConfigureAwait(false))
        {
            _logger.DuplicateActivity(activity.Id!, activity.ChannelId);
            response.StatusCode = activity.IsType(ActivityTypes.Invoke) ? StatusCodes.Status200OK : StatusCodes.Status200OK;
            return;
        }

        await RunAndRespondAsync(httpContext, activity, identity, bot).ConfigureAwait(false);
    }

    private async Task RunAndRespondAsync(HttpContext httpContext, Activity activity, ClaimsIdentity identity, IBot bot)
    {
        var response = httpContext.Response;
        var expectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase);
        var isInvoke = activity.IsType(ActivityTypes.Invoke);
        if (activity.IsType(ActivityTypes.Message))
        {
            activity.RemoveRecipientMention();
        }

        var context = new TurnContext(this, activity, identity);
        if (expectReplies)
        {
            context.TurnState.Set(BufferKey, new List<Activity>());
        }

        // The turn must outlive the HTTP request when it is acknowledged early: it runs on the
        // application's lifetime token, not on RequestAborted.
        var turnToken = _lifetime?.ApplicationStopping ?? CancellationToken.None;
        var started = Stopwatch.GetTimestamp();
        var turn = RunPipelineAsync(context, bot.OnTurnAsync, yieldFirst: !expectReplies && !isInvoke, turnToken);

        if (!expectReplies && !isInvoke)
        {
            var typing = activity.IsType(ActivityTypes.Message) ? SendTypingWhenSlowAsync(context, turn, turnToken) : Task.CompletedTask;

            // Cancelled once the race is decided: otherwise every fast turn leaves its timer queued for AcknowledgeAfter.
            using var acknowledge = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);
            var finished = await Task.WhenAny(turn, Task.Delay(_options.AcknowledgeAfter, _timeProvider, acknowledge.Token)).ConfigureAwait(false) == turn;
            await acknowledge.CancelAsync().ConfigureAwait(false);
            if (!finished)
            {
                _logger.ContinuingInBackground(activity.Id);
                response.StatusCode = StatusCodes.Status202Accepted;
                _ = turn.ContinueWith(_ => typing, TaskScheduler.Default);
                return;
            }

            await typing.ConfigureAwait(false);
            response.StatusCode = StatusCodes.Status200OK;
            _logger.Processed(activity.Type, activity.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return;
        }

        await turn.ConfigureAwait(false);
        _logger.Processed(activity.Type, activity.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (expectReplies)
        {
            context.TurnState.TryGet<List<Activity>>(BufferKey, out var buffered);
            var body = new ExpectedReplies { Activities = buffered ?? [], Body = context.InvokeResponse?.Body };
            response.StatusCode = isInvoke && context.InvokeResponse is null ? StatusCodes.Status501NotImplemented : StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, body, ProtocolJsonContext.Default.ExpectedReplies, httpContext.RequestAborted).ConfigureAwait(false);
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

        response.StatusCode = StatusCodes.Status501NotImplemented;
    }

    /// <summary>Runs middleware and the handler; a failure goes to <see cref="OnTurnError"/> and never escapes.</summary>
    private async Task RunPipelineAsync(TurnContext context, Func<ITurnContext, CancellationToken, Task> handler, bool yieldFirst, CancellationToken cancellationToken)
    {
        // Let the first await happen off the request thread so the acknowledge timer can win. expectReplies and
        // invoke answers wait for the whole turn anyway: the extra thread-pool hop would only add latency.
        if (yieldFirst)
        {
            await Task.Yield();
        }

        try
        {
            await RunMiddlewareAsync(context, 0, handler, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The turn boundary: every failure becomes a friendly message and a log entry.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.TurnFailed(ex, context.Activity.Id, context.Activity.Type);
            try
            {
                if (OnTurnError is { } onError)
                {
                    await onError(context, ex, cancellationToken).ConfigureAwait(false);
                }
                else if (!context.Activity.IsType(ActivityTypes.Invoke))
                {
                    await context.SendActivityAsync("Sorry, something went wrong. Please try again.", cancellationToken).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // Reporting the error must not itself break the HTTP answer.
            catch (Exception inner)
#pragma warning restore CA1031
            {
                _logger.ErrorHandlerFailed(inner, context.Activity.Id);
            }

            if (context.Activity.IsType(ActivityTypes.Invoke) && context.InvokeResponse is null)
            {
                context.SetInvokeResponse(new InvokeResponse(500, JsonSerializer.SerializeToNode(
                    AdaptiveCardInvokeResponse.Error(500, "InternalError", "The bot could not process this action. Please try again."),
                    ProtocolJsonContext.Default.AdaptiveCardInvokeResponse)));
            }
        }
    }

    private Task RunMiddlewareAsync(ITurnContext context, int index, Func<ITurnContext, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        if (index == _middleware.Count)
        {
            return handler(context, cancellationToken);
        }

        return _middleware[index].OnTurnAsync(context, ct => RunMiddlewareAsync(context, index + 1, handler, ct), cancellationToken);
    }

    private async Task SendTypingWhenSlowAsync(TurnContext context, Task turn, CancellationToken cancellationToken)
    {
        // Same as the acknowledge timer: release the typing timer as soon as the turn is done.
        using var typingDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(_options.TypingDelay, _timeProvider, typingDelay.Token);
        var turnFirst = await Task.WhenAny(turn, delay).ConfigureAwait(false) == turn;
        await typingDelay.CancelAsync().ConfigureAwait(false);
        if (turnFirst || context.Responded)
        {
            return;
        }

        try
        {
            var reference = context.Activity.GetConversationReference();
            var typing = new Activity { Type = ActivityTypes.Typing }.ApplyConversationReference(reference);
            typing.ReplyToId = null;
            await _connector.SendToConversationAsync(reference.ServiceUrl!, reference.Conversation!.Id!, typing, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            _logger.TypingFailed(ex, context.Activity.Id);
        }
        catch (HttpRequestException ex)
        {
            _logger.TypingFailed(ex, context.Activity.Id);
        }
    }

    public override async Task<IReadOnlyList<ResourceResponse?>> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activities);
        var responses = new List<ResourceResponse?>(activities.Count);
        turnContext.TurnState.TryGet<List<Activity>>(BufferKey, out var buffer);
        foreach (var activity in activities)
        {
            if (activity.IsType(ActivityTypes.Trace) && !string.Equals(activity.ChannelId, Channels.Emulator, StringComparison.OrdinalIgnoreCase))
            {
                responses.Add(null);
                continue;
            }

            if (buffer is not null)
            {
                lock (buffer)
                {
                    buffer.Add(activity);
                }

                responses.Add(new ResourceResponse { Id = string.Empty });
                continue;
            }

            var serviceUrl = activity.ServiceUrl ?? throw new InvalidOperationException("The activity has no serviceUrl to reply to.");
            var conversationId = activity.Conversation?.Id ?? throw new InvalidOperationException("The activity has no conversation id.");
            var sent = !string.IsNullOrEmpty(activity.ReplyToId)
                ? await _connector.ReplyToActivityAsync(serviceUrl, conversationId, activity.ReplyToId, activity, cancellationToken).ConfigureAwait(false)
                : await _connector.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken).ConfigureAwait(false);
            responses.Add(sent);
        }

        return responses;
    }

    public override Task<ResourceResponse?> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (turnContext.TurnState.TryGet<List<Activity>>(BufferKey, out var buffer))
        {
            lock (buffer)
            {
                buffer.Add(activity);
            }

            return Task.FromResult<ResourceResponse?>(new ResourceResponse { Id = activity.Id });
        }

        return UpdateCoreAsync(activity, cancellationToken);
    }

    private async Task<ResourceResponse?> UpdateCoreAsync(Activity activity, CancellationToken cancellationToken) =>
        await _connector.UpdateActivityAsync(activity.ServiceUrl!, activity.Conversation!.Id!, activity.Id!, activity, cancellationToken).ConfigureAwait(false);

    public override Task DeleteActivityAsync(ITurnContext turnContext, string activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        return _connector.DeleteActivityAsync(activity.ServiceUrl!, activity.Conversation!.Id!, activityId, cancellationToken);
    }

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
        await RunMiddlewareAsync(context, 0, callback, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> IsDuplicateAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(activity.Id))
        {
            return false;
        }

        var key = $"processed-activities/{activity.ChannelId}/{activity.Conversation!.Id}/{activity.Id}";
        if (!_recent.TryAdd(key, _timeProvider.GetUtcNow(), _options.DeduplicationWindow))
        {
            return true;
        }

        try
        {
            // The shared store decides when several instances receive the same retry.
            await _storage.WriteAsync(
                new Dictionary<string, StoreItem> { [key] = new StoreItem("{}", StoreItem.CreateOnly, _timeProvider.GetUtcNow() + _options.DeduplicationWindow) },
                cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (EtagException)
        {
            return true;
        }
        catch (StorageUnavailableException ex)
        {
            // Better to risk processing a retry twice than to drop a message while the store is down.
            _logger.DeduplicationUnavailable(ex, activity.Id);
            return false;
        }
    }

    private async Task<(Activity? Activity, string? Problem, int Status)> ReadActivityAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length && length > _options.MaxBodyBytes)
        {
            return (null, $"The body is {length} bytes; the limit is {_options.MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        // A pooled buffer sized from Content-Length: a fresh 16 KiB chunk plus MemoryStream growth per request
        // were over half of an echo turn's allocations. +1 so that reading up to EOF needs no grow.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, _options.MaxBodyBytes) + 1);
        var used = 0;
        Activity? activity;
        try
        {
            int read;
            while (true)
            {
                if (used == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _options.MaxBodyBytes + 1));
                    buffer.AsSpan(0, used).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                read = await request.Body.ReadAsync(buffer.AsMemory(used), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                used += read;
                if (used > _options.MaxBodyBytes)
                {
                    return (null, $"The body exceeds the limit of {_options.MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
                }
            }

            if (used == 0)
            {
                return (null, "The body is empty; expected an activity as JSON.", StatusCodes.Status400BadRequest);
            }

            try
            {
                activity = JsonSerializer.Deserialize(buffer.AsSpan(0, used), ProtocolJsonContext.Default.Activity);
            }
            catch (JsonException ex)
            {
                return (null, $"The body is not valid activity JSON: {ex.Message}", StatusCodes.Status400BadRequest);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var problem = Validate(activity);
        return problem is null ? (activity, null, 200) : (null, problem, StatusCodes.Status400BadRequest);
    }

    private static string? Validate(Activity? activity)
    {
        if (activity is null)
        {
            return "The body is not an activity object.";
        }

        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return "The activity has no 'type'.";
        }

        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "The activity has no 'conversation.id'.";
        }

        var expectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase);
        if (!expectReplies && string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            return "The activity has no 'serviceUrl' to send replies to.";
        }

        if (activity.ServiceUrl is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            return "The activity's 'serviceUrl' is not an absolute http(s) URL.";
        }

        return null;
    }

    private static async Task WriteProblemAsync(HttpResponse response, int status, string title, string detail, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/problem+json; charset=utf-8";
        var problem = new JsonObject { ["type"] = "about:blank", ["title"] = title, ["status"] = status, ["detail"] = detail };
        await response.WriteAsync(problem.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Local, lock-free first line of the duplicate check, so a retry to this instance costs no store write.</summary>
    private sealed class RecentActivityIds
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
        private int _writes;

        public bool TryAdd(string key, DateTimeOffset now, TimeSpan window)
        {
            if (_seen.TryGetValue(key, out var expires) && expires > now)
            {
                return false;
            }

            _seen[key] = now + window;
            if (Interlocked.Increment(ref _writes) % 4096 == 0)
            {
                foreach (var (k, v) in _seen)
                {
                    if (v <= now)
                    {
                        _seen.TryRemove(k, out _);
                    }
                }
            }

            return true;
        }
    }
}
