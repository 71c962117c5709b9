using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Testing;

/// <summary>
/// Plays one user in one conversation against <c>/api/messages</c>: "send this, expect that".
/// Messages go with <c>deliveryMode: expectReplies</c> so the replies come back in the HTTP answer
/// (use <see cref="PostAsync"/> with <see cref="DeliveryModes.Normal"/> to exercise the connector path).
/// </summary>
public sealed class ConversationDriver
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private int _nextId;

    public ConversationDriver(HttpClient http, Uri endpoint, string serviceUrl, string conversationId, string userId = "29:user-anna",
        string userName = "Anna Kowalska", string conversationType = ConversationTypes.Personal, string locale = "pl-PL", string channelId = Channels.Msteams)
    {
        _http = http;
        _endpoint = endpoint;
        ServiceUrl = serviceUrl;
        User = new ChannelAccount { Id = userId, Name = userName, AadObjectId = Guid.NewGuid().ToString() };
        Bot = new ChannelAccount { Id = "28:consultbot", Name = "ConsultBot" };
        Conversation = new ConversationAccount
        {
            Id = conversationId,
            ConversationType = conversationType,
            IsGroup = conversationType != ConversationTypes.Personal,
            TenantId = "tenant-1",
        };
        Locale = locale;
        ChannelId = channelId;
    }

    public string ServiceUrl { get; }

    public ChannelAccount User { get; }

    public ChannelAccount Bot { get; }

    public ConversationAccount Conversation { get; }

    public string Locale { get; set; }

    public string ChannelId { get; }

    /// <summary>Bearer token to send with every request, if any.</summary>
    public string? Token { get; set; }

    /// <summary>A new activity from the user, addressed to the bot.</summary>
    public Activity NewActivity(string type) => new()
    {
        Type = type,
        Id = $"act-{Interlocked.Increment(ref _nextId)}-{Guid.NewGuid():N}",
        // Stamped when created, as the channel stamps a message when the person sends it: hosts sharing a store order a
        // conversation's turns by it.
        Timestamp = TimeProvider.System.GetUtcNow(),
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        From = User,
        Recipient = Bot,
        Conversation = Conversation,
        Locale = Locale,
        ChannelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "tenant-1" } },
    };

    /// <summary>
    /// In a group chat or channel people @mention the bot, as Teams requires: messages get
    /// <c>&lt;at&gt;ConsultBot&lt;/at&gt;</c> and the mention entity unless this is switched off.
    /// </summary>
    public bool MentionBotInSharedChats { get; set; } = true;

    public Activity NewMessage(string text)
    {
        var activity = NewActivity(ActivityTypes.Message);
        activity.Text = text;
        activity.TextFormat = "plain";
        if (MentionBotInSharedChats && Conversation.ConversationType != ConversationTypes.Personal && !text.Contains("<at>", StringComparison.Ordinal))
        {
            var mention = $"<at>{Bot.Name}</at>";
            activity.Text = $"{mention} {text}";
            activity.Entities =
            [
                new Entity
                {
                    Type = "mention",
                    Properties = new()
                    {
                        ["mentioned"] = JsonSerializer.SerializeToElement(Bot, ProtocolJsonContext.Default.ChannelAccount),
                        ["text"] = JsonSerializer.SerializeToElement(mention, ProtocolJsonContext.Default.String),
                    },
                },
            ];
        }

        return activity;
    }

    /// <summary>Sends a text message and returns the bot's replies of that turn.</summary>
    public Task<IReadOnlyList<Activity>> SendAsync(string text, CancellationToken cancellationToken) =>
        ExchangeAsync(NewMessage(text), cancellationToken);

    /// <summary>Sends an Action.Submit (a message with a value and no text) and returns the replies.</summary>
    public Task<IReadOnlyList<Activity>> SubmitAsync(JsonObject value, CancellationToken cancellationToken, string? cardActivityId = null)
    {
        var activity = NewActivity(ActivityTypes.Message);
        activity.Value = value;
        activity.ReplyToId = cardActivityId;
        return ExchangeAsync(activity, cancellationToken);
    }

    /// <summary>Clicks an Action.Execute button: returns the invoke response body (<c>{statusCode,type,value}</c>).</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> ExecuteAsync(string verb, JsonObject? data, CancellationToken cancellationToken, string? cardActivityId = null)
    {
        var activity = NewActivity(ActivityTypes.Invoke);
        activity.Name = InvokeNames.AdaptiveCardAction;
        activity.ReplyToId = cardActivityId;
        activity.Value = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data ?? new JsonObject() },
            ["trigger"] = "manual",
        };
        using var response = await PostAsync(activity, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Sends an activity with expectReplies and returns the replies (asserting a 200).</summary>
    public async Task<IReadOnlyList<Activity>> ExchangeAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.DeliveryMode = DeliveryModes.ExpectReplies;
        using var response = await PostAsync(activity, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Expected 200 from the bot, got {(int)response.StatusCode}: {text}");
        }

        var replies = JsonSerializer.Deserialize(text, ProtocolJsonContext.Default.ExpectedReplies)
            ?? throw new InvalidOperationException("The bot answered expectReplies without a body.");
        return replies.Activities;
    }

    /// <summary>Posts an activity as is.</summary>
    public async Task<HttpResponseMessage> PostAsync(Activity activity, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(activity, ProtocolJsonContext.Default.Activity);
        return await PostRawAsync(json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts any body (for malformed-input tests).</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Reading bot replies in assertions.</summary>
public static class ActivityAssertions
{
    /// <summary>All visible text of an activity: its text plus every string inside its card attachments.</summary>
    public static string AllText(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var builder = new StringBuilder(activity.Text);
        foreach (var attachment in activity.Attachments ?? [])
        {
            Collect(attachment.Content, builder);
        }

        foreach (var action in activity.SuggestedActions?.Actions ?? [])
        {
            builder.Append(' ').Append(action.Title);
        }

        return builder.ToString();
    }

    /// <summary>All visible text of all replies.</summary>
    public static string AllText(this IEnumerable<Activity> activities) =>
        string.Join("\n", activities.Select(a => a.AllText()));

    /// <summary>The first Adaptive Card among the replies, or null.</summary>
    public static JsonObject? FirstCard(this IEnumerable<Activity> activities) =>
        activities.SelectMany(a => a.Attachments ?? []).FirstOrDefault(a => a.ContentType == ContentTypes.AdaptiveCard)?.Content as JsonObject;

    /// <summary>Every Action.Execute / Action.Submit in a card: (title, verb, data).</summary>
    public static IReadOnlyList<(string Title, string? Verb, JsonObject Data)> Actions(this JsonNode card)
    {
        var found = new List<(string, string?, JsonObject)>();
        Walk(card, found);
        return found;
    }

    private static void Walk(JsonNode? node, List<(string, string?, JsonObject)> found)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"]?.GetValue<string>() is "Action.Execute" or "Action.Submit")
                {
                    var data = obj["data"] as JsonObject ?? new JsonObject();
                    var verb = obj["verb"]?.GetValue<string>() ?? data["verb"]?.GetValue<string>();
                    found.Add((obj["title"]?.GetValue<string>() ?? string.Empty, verb, (JsonObject)data.DeepClone()));
                }

                foreach (var (_, child) in obj)
                {
                    Walk(child, found);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Walk(child, found);
                }

                break;
        }
    }

    private static void Collect(JsonNode? node, StringBuilder builder)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var s):
                builder.Append(' ').Append(s);
                break;
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key is not ("type" or "version" or "$schema" or "verb" or "id" or "style" or "size" or "weight" or "color" or "spacing"))
                    {
                        Collect(child, builder);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, builder);
                }

                break;
        }
    }
}
