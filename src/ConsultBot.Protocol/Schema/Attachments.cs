using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ConsultBot.Protocol.Schema;

/// <summary>An attachment: for ConsultBot almost always an Adaptive Card.</summary>
public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonNode? Content { get; set; }
    public string? Name { get; set; }
    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>Wraps an Adaptive Card JSON object as an attachment.</summary>
    public static Attachment AdaptiveCard(JsonNode card) =>
        new() { ContentType = ContentTypes.AdaptiveCard, Content = card };
}

/// <summary>An entity attached to an activity (mention, clientInfo, …); unknown fields are kept.</summary>
public sealed class Entity
{
    public string? Type { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>A mention entity: <c>{type:"mention", mentioned:{id,name}, text:"&lt;at&gt;Name&lt;/at&gt;"}</c>.</summary>
public sealed record Mention(ChannelAccount? Mentioned, string? Text)
{
    public static Mention FromEntity(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ChannelAccount? mentioned = null;
        string? text = null;
        if (entity.Properties is { } props)
        {
            if (props.TryGetValue("mentioned", out var m) && m.ValueKind == JsonValueKind.Object)
            {
                mentioned = m.Deserialize(ProtocolJsonContext.Default.ChannelAccount);
            }

            if (props.TryGetValue("text", out var t) && t.ValueKind == JsonValueKind.String)
            {
                text = t.GetString();
            }
        }

        return new Mention(mentioned, text);
    }
}

/// <summary>Buttons shown under a message (Teams shows them once, for the last message).</summary>
public sealed class SuggestedActions
{
    public List<string>? To { get; set; }
    public List<CardAction>? Actions { get; set; }
}

/// <summary>A clickable action (imBack, messageBack, openUrl…).</summary>
public sealed class CardAction
{
    public string? Type { get; set; }
    public string? Title { get; set; }
    public string? Image { get; set; }
    public string? Text { get; set; }
    public string? DisplayText { get; set; }
    public JsonNode? Value { get; set; }

    public static CardAction ImBack(string title, string? value = null) =>
        new() { Type = "imBack", Title = title, Value = JsonValue.Create(value ?? title) };
}

/// <summary>Well-known content types.</summary>
public static class ContentTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string Message = "application/vnd.microsoft.activity.message";
    public const string Error = "application/vnd.microsoft.error";
    public const string PreconditionFailed = "application/vnd.microsoft.error.preconditionFailed";
}
