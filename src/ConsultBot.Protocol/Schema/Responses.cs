using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ConsultBot.Protocol.Schema;

/// <summary>The HTTP answer to an invoke activity: a status and a JSON body.</summary>
public sealed record InvokeResponse(int Status, JsonNode? Body = null)
{
    public static InvokeResponse Ok(JsonNode? body = null) => new(200, body);
}

/// <summary>The id the connector gave to a sent activity.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

/// <summary>The body returned for <c>deliveryMode: expectReplies</c>.</summary>
public sealed class ExpectedReplies
{
    public List<Activity> Activities { get; set; } = [];

    /// <summary>The invoke body, when the buffered turn was an invoke (as the Agents SDK does).</summary>
    public JsonNode? Body { get; set; }
}

/// <summary>Request body of <c>POST v3/conversations</c>.</summary>
public sealed class ConversationParameters
{
    public bool? IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public List<ChannelAccount>? Members { get; set; }
    public string? TopicName { get; set; }
    public Activity? Activity { get; set; }
    public JsonNode? ChannelData { get; set; }
    public string? TenantId { get; set; }
}

/// <summary>Answer of <c>POST v3/conversations</c>.</summary>
public sealed class ConversationResourceResponse
{
    public string? ActivityId { get; set; }
    public string? ServiceUrl { get; set; }
    public string? Id { get; set; }
}

/// <summary>One page of conversation members.</summary>
public sealed class PagedMembersResult
{
    public string? ContinuationToken { get; set; }
    public List<ChannelAccount> Members { get; set; } = [];
}

/// <summary>Connector error body: <c>{"error":{"code","message"}}</c>.</summary>
public sealed class ErrorResponse
{
    public ErrorDetail? Error { get; set; }
}

/// <summary>The error inside <see cref="ErrorResponse"/>.</summary>
public sealed class ErrorDetail
{
    public string? Code { get; set; }
    public string? Message { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>The value of an <c>adaptiveCard/action</c> invoke (Universal Actions).</summary>
public sealed class AdaptiveCardInvokeValue
{
    public AdaptiveCardInvokeAction? Action { get; set; }
    public string? Trigger { get; set; }
}

/// <summary>The Action.Execute that was clicked.</summary>
public sealed class AdaptiveCardInvokeAction
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Verb { get; set; }
    public JsonNode? Data { get; set; }
}

/// <summary>Body of the answer to <c>adaptiveCard/action</c>: <c>{statusCode, type, value}</c>.</summary>
public sealed record AdaptiveCardInvokeResponse(int StatusCode, string Type, JsonNode? Value)
{
    /// <summary>Replace the clicked card with this card.</summary>
    public static AdaptiveCardInvokeResponse Card(JsonNode card) => new(200, ContentTypes.AdaptiveCard, card);

    /// <summary>Show a short message to the clicker.</summary>
    public static AdaptiveCardInvokeResponse Message(string text) => new(200, ContentTypes.Message, JsonValue.Create(text));

    /// <summary>An error the client shows (400 bad request, 404 unknown verb, 412 stale card…).</summary>
    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message) =>
        new(statusCode, statusCode == 412 ? ContentTypes.PreconditionFailed : ContentTypes.Error,
            new JsonObject { ["code"] = code, ["message"] = message });
}
