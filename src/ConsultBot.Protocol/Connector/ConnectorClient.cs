using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ConsultBot.Protocol.Authentication;
using ConsultBot.Protocol.Schema;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ConsultBot.Protocol.Connector;

/// <summary>
/// <see cref="IConnectorClient"/> over a typed <see cref="HttpClient"/> whose handler chain carries the
/// resilience pipeline (<see cref="ConnectorResilience"/>). This class adds addressing, the token,
/// pacing, error mapping and the unreachable-conversation bookkeeping.
/// </summary>
internal sealed class ConnectorClient : IConnectorClient
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client (and its resilience pipeline).</summary>
    public const string HttpClientName = "ConsultBot.Connector";

    /// <summary>Channels recognise Bot Framework clients by this User-Agent product.</summary>
    public const string UserAgent = "Microsoft-BotFramework/3.1 ConsultBot/1.0";

    private static readonly ProductInfoHeaderValue[] UserAgentValues =
        [.. UserAgent.Split(' ').Select(ProductInfoHeaderValue.Parse)];

    private readonly HttpClient _http;
    private readonly IAccessTokenProvider _tokens;
    private readonly ITrustedServiceUrls _trustedServiceUrls;
    private readonly IUnreachableConversations _unreachable;
    private readonly ConnectorRateLimiter _pacing;
    private readonly ILogger<ConnectorClient> _logger;

    public ConnectorClient(
        HttpClient http,
        IAccessTokenProvider tokens,
        ITrustedServiceUrls trustedServiceUrls,
        IUnreachableConversations unreachable,
        ConnectorRateLimiter pacing,
        ILogger<ConnectorClient> logger)
    {
        _http = http;
        _tokens = tokens;
        _trustedServiceUrls = trustedServiceUrls;
        _unreachable = unreachable;
        _pacing = pacing;
        _logger = logger;
    }

    public async Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(activity);
        var path = $"v3/conversations/{Escape(conversationId)}/activities";
        return await SendActivityAsync(HttpMethod.Post, "SendToConversation", serviceUrl, path, conversationId, activity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        var path = $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}";
        return await SendActivityAsync(HttpMethod.Post, "ReplyToActivity", serviceUrl, path, conversationId, activity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        var path = $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}";
        return await SendActivityAsync(HttpMethod.Put, "UpdateActivity", serviceUrl, path, conversationId, activity, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        var path = $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}";
        await _pacing.WaitAsync(conversationId, null, cancellationToken).ConfigureAwait(false);
        await SendAsync<ResourceResponse>(HttpMethod.Delete, "DeleteActivity", serviceUrl, path, conversationId, null, null, allowNotFound: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        await _pacing.WaitAsync(null, parameters.TenantId, cancellationToken).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(parameters, ProtocolJsonContext.Default.ConversationParameters);
        var result = await SendAsync(HttpMethod.Post, "CreateConversation", serviceUrl, "v3/conversations", null, body,
            ProtocolJsonContext.Default.ConversationResourceResponse, allowNotFound: false, cancellationToken).ConfigureAwait(false);
        return result ?? new ConversationResourceResponse();
    }

    public async Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var query = new List<string>(2);
        if (pageSize is { } size)
        {
            query.Add($"pageSize={size.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (!string.IsNullOrEmpty(continuationToken))
        {
            query.Add($"continuationToken={Uri.EscapeDataString(continuationToken)}");
        }

        var path = $"v3/conversations/{Escape(conversationId)}/pagedmembers{(query.Count > 0 ? "?" + string.Join('&', query) : string.Empty)}";
        await _pacing.WaitAsync(null, null, cancellationToken).ConfigureAwait(false);
        var result = await SendAsync(HttpMethod.Get, "GetPagedMembers", serviceUrl, path, conversationId, null,
            ProtocolJsonContext.Default.PagedMembersResult, allowNotFound: false, cancellationToken).ConfigureAwait(false);
        return result ?? new PagedMembersResult();
    }

    public async Task<ChannelAccount?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var path = $"v3/conversations/{Escape(conversationId)}/members/{Escape(userId)}";
        await _pacing.WaitAsync(null, null, cancellationToken).ConfigureAwait(false);
        return await SendAsync(HttpMethod.Get, "GetMember", serviceUrl, path, conversationId, null,
            ProtocolJsonContext.Default.ChannelAccount, allowNotFound: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ResourceResponse> SendActivityAsync(
        HttpMethod method, string operation, string serviceUrl, string path, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        if (await _unreachable.IsUnreachableAsync(conversationId, cancellationToken).ConfigureAwait(false))
        {
            Log.SendRefused(_logger, conversationId);
            throw new ConversationUnreachableException(conversationId, "The conversation is unreachable: the user blocked or removed the bot.");
        }

        await _pacing.WaitAsync(conversationId, activity.Conversation?.TenantId, cancellationToken).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(activity, ProtocolJsonContext.Default.Activity);
        var result = await SendAsync(method, operation, serviceUrl, path, conversationId, body,
            ProtocolJsonContext.Default.ResourceResponse, allowNotFound: false, cancellationToken).ConfigureAwait(false);
        return result ?? new ResourceResponse();
    }

    private async Task<T?> SendAsync<T>(
        HttpMethod method,
        string operation,
        string serviceUrl,
        string path,
        string? conversationId,
        byte[]? body,
        JsonTypeInfo<T>? responseType,
        bool allowNotFound,
        CancellationToken cancellationToken)
        where T : class
    {
        var baseUri = BaseUri(serviceUrl);
        using var request = new HttpRequestMessage(method, new Uri(baseUri, path));
        request.Headers.ExpectContinue = false;
        request.Headers.Accept.ParseAdd("*/*");
        foreach (var product in UserAgentValues)
        {
            request.Headers.UserAgent.Add(product);
        }

        // The token only goes to service URLs from authenticated activities or the allow-list.
        if (_trustedServiceUrls.IsTrusted(serviceUrl)
            && await _tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            // A byte array can be re-sent as is by a retry.
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            Log.NoAnswer(_logger, operation, "circuit open", ex);
            throw new ConnectorException($"Connector {operation} refused: the circuit to {baseUri.Host} is open.", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            Log.NoAnswer(_logger, operation, "timeout", ex);
            throw new ConnectorException($"Connector {operation} timed out.", ex);
        }
        catch (HttpRequestException ex)
        {
            Log.NoAnswer(_logger, operation, "network error", ex);
            throw new ConnectorException($"Connector {operation} failed: {ex.Message}", ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                if (responseType is null)
                {
                    return null;
                }

                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, responseType);
            }

            if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            var status = (int)response.StatusCode;
            var (code, subCode, message) = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            Log.CallFailed(_logger, operation, status, subCode ?? code);

            if (status == 403 && conversationId is not null && IsWritesBlocked(code, subCode))
            {
                await _unreachable.MarkUnreachableAsync(conversationId, cancellationToken).ConfigureAwait(false);
                Log.ConversationUnreachable(_logger, conversationId);
                throw new ConversationUnreachableException(conversationId, $"Connector {operation}: the user blocked or removed the bot ({message ?? code}).");
            }

            throw new ConnectorException(status, subCode ?? code, $"Connector {operation} failed with {status} {code}: {message}");
        }
    }

    // Teams documents subCode MessageWritesBlocked; the live service also answers code ConversationBlockedByUser.
    private static bool IsWritesBlocked(string? code, string? subCode) =>
        string.Equals(subCode, "MessageWritesBlocked", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "MessageWritesBlocked", StringComparison.OrdinalIgnoreCase)
        || string.Equals(code, "ConversationBlockedByUser", StringComparison.OrdinalIgnoreCase);

    private static async Task<(string? Code, string? SubCode, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (bytes.Length == 0)
            {
                return (null, null, response.ReasonPhrase);
            }

            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, response.ReasonPhrase);
            }

            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
            return (GetString(error, "code"), GetString(error, "subCode") ?? GetString(root, "subCode"), GetString(error, "message") ?? response.ReasonPhrase);
        }
        catch (JsonException)
        {
            return (null, null, response.ReasonPhrase);
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Uri BaseUri(string serviceUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceUrl);
        var trimmed = serviceUrl.Trim();
        if (!trimmed.EndsWith('/'))
        {
            trimmed += "/";
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"'{serviceUrl}' is not an absolute http(s) service URL.", nameof(serviceUrl));
        }

        return uri;
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
