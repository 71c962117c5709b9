namespace ConsultBot.Protocol.Schema;

/// <summary>Activity type names of the Bot Framework schema.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string Invoke = "invoke";
    public const string EndOfConversation = "endOfConversation";
    public const string Trace = "trace";

    /// <summary>Internal: the bot's answer to an invoke, kept in the turn instead of being sent.</summary>
    public const string InvokeResponse = "invokeResponse";
}

/// <summary>Delivery modes.</summary>
public static class DeliveryModes
{
    public const string Normal = "normal";
    public const string Notification = "notification";
    public const string ExpectReplies = "expectReplies";
    public const string Ephemeral = "ephemeral";
}

/// <summary>Channel ids.</summary>
public static class Channels
{
    public const string Msteams = "msteams";
    public const string Emulator = "emulator";
    public const string Webchat = "webchat";
    public const string Directline = "directline";
    public const string Test = "test";
}

/// <summary>Well-known invoke names.</summary>
public static class InvokeNames
{
    public const string AdaptiveCardAction = "adaptiveCard/action";
    public const string ComposeExtensionQuery = "composeExtension/query";
    public const string ComposeExtensionSelectItem = "composeExtension/selectItem";
    public const string TaskFetch = "task/fetch";
    public const string TaskSubmit = "task/submit";

    // Invoke names the Bot Framework and Teams define. One of these that no handler takes is answered 501
    // (as the SDK does: the protocol knows it, this bot does not implement it); any other name is a client error.
    private static readonly HashSet<string> ProtocolNames = new(StringComparer.OrdinalIgnoreCase)
    {
        AdaptiveCardAction, ComposeExtensionQuery, ComposeExtensionSelectItem, TaskFetch, TaskSubmit,
        "composeExtension/queryLink", "composeExtension/anonymousQueryLink", "composeExtension/submitAction",
        "composeExtension/fetchTask", "composeExtension/querySettingUrl", "composeExtension/setting",
        "composeExtension/onCardButtonClicked", "tab/fetch", "tab/submit", "config/fetch", "config/submit",
        "signin/verifyState", "signin/tokenExchange", "signin/failure", "fileConsent/invoke",
        "actionableMessage/executeAction", "message/submitAction", "message/fetchTask", "handoff/action",
        "healthCheck", "application/search",
    };

    /// <summary>True when <paramref name="name"/> is an invoke the Bot Framework or Teams protocol defines.</summary>
    public static bool IsProtocolName(string? name) => name is not null && ProtocolNames.Contains(name);
}

/// <summary>Teams conversation types.</summary>
public static class ConversationTypes
{
    public const string Personal = "personal";
    public const string GroupChat = "groupChat";
    public const string Channel = "channel";
}
