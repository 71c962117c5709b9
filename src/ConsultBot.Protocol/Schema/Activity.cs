using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ConsultBot.Protocol.Schema;

/// <summary>
/// A Bot Framework activity: the unit of communication between a channel (Teams) and the bot.
/// Field names follow the Bot Framework schema; properties this type does not model are kept in
/// <see cref="Properties"/> so that they survive a round trip.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public List<MessageReaction>? ReactionsAdded { get; set; }
    public List<MessageReaction>? ReactionsRemoved { get; set; }
    public string? TopicName { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Speak { get; set; }
    public string? InputHint { get; set; }
    public string? Summary { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<Entity>? Entities { get; set; }
    public JsonNode? ChannelData { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public string? Label { get; set; }
    public string? ValueType { get; set; }
    public JsonNode? Value { get; set; }
    public string? Name { get; set; }
    public ConversationReference? RelatesTo { get; set; }
    public string? Code { get; set; }
    public DateTimeOffset? Expiration { get; set; }
    public string? Importance { get; set; }
    public string? DeliveryMode { get; set; }
    public string? CallerId { get; set; }

    /// <summary>Fields this type does not model, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>Creates an outgoing message activity.</summary>
    public static Activity CreateMessageActivity(string? text = null) =>
        new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>True when this is a message, conversationUpdate, ... of the given type (case-insensitive).</summary>
    public bool IsType(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>The conversation reference of an incoming activity, for replies and proactive messages.</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        Locale = Locale,
        ServiceUrl = ServiceUrl,
    };

    /// <summary>
    /// Addresses this (outgoing) activity with a conversation reference, as the SDK's
    /// <c>ApplyConversationReference</c> does: from = bot, recipient = user, same conversation.
    /// </summary>
    public Activity ApplyConversationReference(ConversationReference reference, bool isIncoming = false)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ChannelId = reference.ChannelId;
        ServiceUrl = reference.ServiceUrl;
        Conversation = reference.Conversation;
        Locale ??= reference.Locale;
        if (isIncoming)
        {
            From = reference.User;
            Recipient = reference.Bot;
            if (reference.ActivityId is not null)
            {
                Id = reference.ActivityId;
            }
        }
        else
        {
            From = reference.Bot;
            Recipient = reference.User;
            if (reference.ActivityId is not null && ReplyToId is null)
            {
                ReplyToId = reference.ActivityId;
            }
        }

        return this;
    }

    /// <summary>Creates a reply addressed back to the sender of this activity.</summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Timestamp = null,
        From = Recipient is null ? null : new ChannelAccount { Id = Recipient.Id, Name = Recipient.Name },
        Recipient = From is null ? null : new ChannelAccount { Id = From.Id, Name = From.Name },
        ReplyToId = Id,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        Conversation = Conversation,
        Text = text ?? string.Empty,
        Locale = Locale,
        Attachments = [],
        Entities = [],
    };

    /// <summary>Mentions in <see cref="Entities"/>.</summary>
    public IEnumerable<Mention> GetMentions() =>
        (Entities ?? []).Where(e => string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase))
            .Select(Mention.FromEntity);

    /// <summary>
    /// Removes the bot's own @mention from <see cref="Text"/> (Teams sends <c>&lt;at&gt;Bot&lt;/at&gt; help</c>)
    /// and returns the cleaned text.
    /// </summary>
    public string? RemoveRecipientMention()
    {
        if (Text is null || Recipient?.Id is null)
        {
            return Text;
        }

        foreach (var mention in GetMentions())
        {
            if (!string.Equals(mention.Mentioned?.Id, Recipient.Id, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // One linear pass per mention; an empty mention text (a crafted entity) has nothing to remove.
            var mentionText = mention.Text ?? $"<at>{mention.Mentioned?.Name}</at>";
            if (mentionText.Length > 0)
            {
                Text = Text.Replace(mentionText, string.Empty, StringComparison.OrdinalIgnoreCase);
            }
        }

        Text = Text.Trim();
        return Text;
    }
}
