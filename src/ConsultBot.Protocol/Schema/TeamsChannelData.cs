using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ConsultBot.Protocol.Schema;

/// <summary>The Teams part of <c>channelData</c>; read with <see cref="TeamsActivityExtensions.GetTeamsChannelData"/>.</summary>
public sealed class TeamsChannelData
{
    public TeamInfo? Team { get; set; }
    public ChannelInfo? Channel { get; set; }
    public string? EventType { get; set; }
    public TenantInfo? Tenant { get; set; }
    public JsonNode? Notification { get; set; }
    public JsonNode? Settings { get; set; }
    public JsonNode? Meeting { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class TeamInfo
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadGroupId { get; set; }
}

public sealed class ChannelInfo
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
}

public sealed class TenantInfo
{
    public string? Id { get; set; }
}

/// <summary>Teams helpers over an activity.</summary>
public static class TeamsActivityExtensions
{
    /// <summary>The typed Teams channel data, or an empty instance.</summary>
    public static TeamsChannelData GetTeamsChannelData(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ChannelData is JsonObject obj)
        {
            try
            {
                return obj.Deserialize(ProtocolJsonContext.Default.TeamsChannelData) ?? new TeamsChannelData();
            }
            catch (JsonException)
            {
                return new TeamsChannelData();
            }
        }

        return new TeamsChannelData();
    }

    /// <summary>True in a group chat or a channel, where the bot must be @mentioned and must not show personal data.</summary>
    public static bool IsSharedConversation(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var type = activity.Conversation?.ConversationType;
        if (type is not null)
        {
            return !string.Equals(type, ConversationTypes.Personal, StringComparison.OrdinalIgnoreCase);
        }

        return activity.Conversation?.IsGroup == true;
    }

    /// <summary>The tenant id from the conversation or channel data.</summary>
    public static string? GetTenantId(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Conversation?.TenantId ?? activity.GetTeamsChannelData().Tenant?.Id;
    }
}
