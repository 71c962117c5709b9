using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Testing;

/// <summary>
/// An in-process stand-in for the Bot Connector service: a real HTTP listener on 127.0.0.1 (random
/// port) that implements the conversation routes of protocol.md §4, records every request, assigns
/// increasing activity ids and answers scripted failures (429/5xx/403…) on demand.
/// Point the bot's activities at <see cref="ServiceUrl"/>.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<Script> _scripts = [];
    private readonly List<(Func<RecordedRequest, bool> Predicate, TaskCompletionSource<RecordedRequest> Completion)> _waiters = [];
    private List<ChannelAccount> _members = [];
    private int _sequence;
    private int _nextActivityId;
    private int _nextConversationId;

    private FakeConnector(WebApplication app, TimeProvider timeProvider)
    {
        _app = app;
        _timeProvider = timeProvider;
    }

    /// <summary>Base URL to use as <c>activity.serviceUrl</c> (ends with '/').</summary>
    public string ServiceUrl { get; private set; } = string.Empty;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Activities accepted (2xx) by send or reply.</summary>
    public IReadOnlyList<Activity> DeliveredActivities =>
        [.. Requests.Where(r => r.Succeeded && r.Route is FakeConnectorRoute.SendToConversation or FakeConnectorRoute.ReplyToActivity && r.Activity is not null).Select(r => r.Activity!)];

    /// <summary>Starts a fake connector on <c>http://127.0.0.1:{random port}</c>.</summary>
    public static async Task<FakeConnector> StartAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeConnector(app, timeProvider ?? TimeProvider.System);
        app.Run(fake.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        fake.ServiceUrl = app.Urls.First().TrimEnd('/') + "/";
        return fake;
    }

    /// <summary>The roster answered by the members routes.</summary>
    public void SetMembers(params ChannelAccount[] members)
    {
        lock (_gate)
        {
            _members = [.. members];
        }
    }

    /// <summary>Answers the next <paramref name="times"/> requests (any route) with <paramref name="status"/>.</summary>
    public void FailNext(int status, int times = 1, TimeSpan? retryAfter = null, string? errorCode = null) =>
        FailNext(FakeConnectorRoute.Any, status, times, retryAfter, errorCode);

    /// <summary>Answers the next <paramref name="times"/> requests to <paramref name="route"/> with <paramref name="status"/>.</summary>
    public void FailNext(FakeConnectorRoute route, int status, int times = 1, TimeSpan? retryAfter = null, string? errorCode = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            _scripts.Add(new Script(route, times, status, retryAfter, errorCode, null));
        }
    }

    /// <summary>Holds the next <paramref name="times"/> answers for <paramref name="delay"/> (then answers normally): client timeouts.</summary>
    public void DelayNext(TimeSpan delay, int times = 1, FakeConnectorRoute route = FakeConnectorRoute.Any)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            _scripts.Add(new Script(route, times, null, null, null, delay));
        }
    }

    /// <summary>
    /// Completes once a request held by <see cref="DelayNext"/> has arrived: a client that gives up after this point
    /// leaves a call the connector received (and processes), which is what timeout tests need to be sure of.
    /// </summary>
    public Task WaitUntilHeldAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _held.Task.WaitAsync(timeout, cancellationToken);
        }
    }

    /// <summary>Forgets recorded requests and pending scripts.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _scripts.Clear();
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Waits for a request matching <paramref name="predicate"/> (already recorded or still to come).</summary>
    public async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        TaskCompletionSource<RecordedRequest> completion;
        lock (_gate)
        {
            var existing = _requests.FirstOrDefault(predicate);
            if (existing is not null)
            {
                return existing;
            }

            completion = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, completion));
        }

        try
        {
            return await completion.Task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching connector request within {timeout}. Received: {string.Join(", ", Requests)}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Completion == completion);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = _timeProvider.GetUtcNow();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart >= 0 ? rawTarget[..queryStart] : rawTarget;
        var query = queryStart >= 0 ? rawTarget[(queryStart + 1)..] : null;

        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var (route, conversationId, activityId, userId) = Classify(context.Request.Method, rawPath);
        Activity? activity = null;
        ConversationParameters? parameters = null;
        if (body.Length > 0)
        {
            try
            {
                if (route == FakeConnectorRoute.CreateConversation)
                {
                    parameters = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.ConversationParameters);
                    activity = parameters?.Activity;
                }
                else
                {
                    activity = JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.Activity);
                }
            }
            catch (JsonException)
            {
                // Recorded as is; the test decides whether a malformed body matters.
            }
        }

        var script = TakeScript(route);
        if (script?.Delay is { } delay)
        {
            lock (_gate)
            {
                _held.TrySetResult();
            }

            try
            {
                await Task.Delay(delay, _timeProvider, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up; the request still counts as received (and processed below).
            }
        }

        int status;
        JsonNode? responseBody;
        if (script?.Status is { } failStatus)
        {
            status = failStatus;
            responseBody = new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = script.ErrorCode ?? DefaultErrorCode(failStatus),
                    ["message"] = $"Scripted failure {failStatus.ToString(CultureInfo.InvariantCulture)}.",
                },
            };
            if (script.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }
        }
        else
        {
            (status, responseBody) = Answer(route, query, activityId, userId, activity, parameters);
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Record(new RecordedRequest(0, receivedAt, context.Request.Method, rawPath, query, route, conversationId, activityId, headers, body, activity, parameters, status) { ResponseBody = responseBody?.ToJsonString() });

        context.Response.StatusCode = status;
        if (responseBody is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(responseBody.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private (int Status, JsonNode? Body) Answer(FakeConnectorRoute route, string? query, string? activityId, string? userId, Activity? activity, ConversationParameters? parameters)
    {
        switch (route)
        {
            case FakeConnectorRoute.SendToConversation:
            case FakeConnectorRoute.ReplyToActivity:
                return (201, new JsonObject { ["id"] = NextActivityId() });
            case FakeConnectorRoute.UpdateActivity:
                return (200, new JsonObject { ["id"] = activityId });
            case FakeConnectorRoute.DeleteActivity:
                return (200, null);
            case FakeConnectorRoute.CreateConversation:
                var created = new JsonObject
                {
                    ["id"] = $"conversation-{Interlocked.Increment(ref _nextConversationId).ToString(CultureInfo.InvariantCulture)}",
                    ["serviceUrl"] = ServiceUrl,
                };
                if (activity is not null)
                {
                    var rootId = NextActivityId();
                    created["activityId"] = rootId;

                    // A new channel thread: Teams names it after the channel and the root message.
                    if (parameters?.ChannelData?["channel"]?["id"]?.GetValue<string>() is { Length: > 0 } channelId)
                    {
                        created["id"] = $"{channelId};messageid={rootId}";
                    }
                }

                return (201, created);
            case FakeConnectorRoute.GetMembers:
            case FakeConnectorRoute.GetActivityMembers:
                return (200, JsonSerializer.SerializeToNode(Members(), ProtocolJsonContext.Default.ListChannelAccount));
            case FakeConnectorRoute.GetPagedMembers:
                return (200, PagedMembers(query));
            case FakeConnectorRoute.GetMember:
                var member = Members().FirstOrDefault(m => string.Equals(m.Id, userId, StringComparison.Ordinal));
                return member is null
                    ? (404, new JsonObject { ["error"] = new JsonObject { ["code"] = "MemberNotFoundInConversation", ["message"] = "The member is not in the conversation." } })
                    : (200, JsonSerializer.SerializeToNode(member, ProtocolJsonContext.Default.ChannelAccount));
            default:
                return (404, new JsonObject { ["error"] = new JsonObject { ["code"] = "NotFound", ["message"] = "Unknown route." } });
        }
    }

    private JsonNode? PagedMembers(string? query)
    {
        var parameters = (query ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty, StringComparer.OrdinalIgnoreCase);
        var pageSize = parameters.TryGetValue("pageSize", out var size) && int.TryParse(size, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 100;
        var start = parameters.TryGetValue("continuationToken", out var token) && int.TryParse(token, CultureInfo.InvariantCulture, out var t) ? t : 0;
        var members = Members();
        var page = members.Skip(start).Take(pageSize).ToList();
        var next = start + page.Count;
        var result = new PagedMembersResult
        {
            Members = page,
            ContinuationToken = next < members.Count ? next.ToString(CultureInfo.InvariantCulture) : null,
        };
        return JsonSerializer.SerializeToNode(result, ProtocolJsonContext.Default.PagedMembersResult);
    }

    private List<ChannelAccount> Members()
    {
        lock (_gate)
        {
            return _members;
        }
    }

    private string NextActivityId() => Interlocked.Increment(ref _nextActivityId).ToString(CultureInfo.InvariantCulture);

    private static string DefaultErrorCode(int status) => status switch
    {
        400 => "BadArgument",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        413 => "MessageSizeTooBig",
        429 => "Throttled",
        _ => "ServiceError",
    };

    private static (FakeConnectorRoute Route, string? ConversationId, string? ActivityId, string? UserId) Classify(string method, string rawPath)
    {
        var segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();

        // Service URLs may carry a path base (Teams: /amer/, /emea/, GCC: /gcc/): routes start at "v3".
        var v3 = Array.IndexOf(segments, "v3");
        if (v3 < 0 || segments.Length < v3 + 2 || segments[v3 + 1] != "conversations")
        {
            return (FakeConnectorRoute.Unknown, null, null, null);
        }

        var rest = segments[(v3 + 2)..];
        return (method, rest) switch
        {
            ("POST", []) => (FakeConnectorRoute.CreateConversation, null, null, null),
            ("POST", [var c, "activities"]) => (FakeConnectorRoute.SendToConversation, c, null, null),
            ("POST", [var c, "activities", var a]) => (FakeConnectorRoute.ReplyToActivity, c, a, null),
            ("PUT", [var c, "activities", var a]) => (FakeConnectorRoute.UpdateActivity, c, a, null),
            ("DELETE", [var c, "activities", var a]) => (FakeConnectorRoute.DeleteActivity, c, a, null),
            ("GET", [var c, "members"]) => (FakeConnectorRoute.GetMembers, c, null, null),
            ("GET", [var c, "members", var u]) => (FakeConnectorRoute.GetMember, c, null, u),
            ("GET", [var c, "pagedmembers"]) => (FakeConnectorRoute.GetPagedMembers, c, null, null),
            ("GET", [var c, "activities", var a, "members"]) => (FakeConnectorRoute.GetActivityMembers, c, a, null),
            _ => (FakeConnectorRoute.Unknown, rest.Length > 0 ? rest[0] : null, null, null),
        };
    }

    private Script? TakeScript(FakeConnectorRoute route)
    {
        lock (_gate)
        {
            var script = _scripts.FirstOrDefault(s => s.Route == FakeConnectorRoute.Any || s.Route == route);
            if (script is null)
            {
                return null;
            }

            if (--script.Remaining == 0)
            {
                _scripts.Remove(script);
            }

            return script;
        }
    }

    private void Record(RecordedRequest request)
    {
        List<TaskCompletionSource<RecordedRequest>> completed = [];
        lock (_gate)
        {
            request = request with { Sequence = ++_sequence };
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => w.Predicate(request)).ToList())
            {
                completed.Add(waiter.Completion);
                _waiters.Remove(waiter);
            }
        }

        foreach (var completion in completed)
        {
            completion.TrySetResult(request);
        }
    }

    private sealed class Script(FakeConnectorRoute route, int times, int? status, TimeSpan? retryAfter, string? errorCode, TimeSpan? delay)
    {
        public FakeConnectorRoute Route { get; } = route;
        public int Remaining { get; set; } = times;
        public int? Status { get; } = status;
        public TimeSpan? RetryAfter { get; } = retryAfter;
        public string? ErrorCode { get; } = errorCode;
        public TimeSpan? Delay { get; } = delay;
    }
}
