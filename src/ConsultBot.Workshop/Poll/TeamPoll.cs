namespace ConsultBot.Workshop.Poll;

/// <summary>
/// A team's partner poll (key <c>workshop/polls/{id}</c>, expires <see cref="WorkshopOptions.PollRetentionDays"/> after
/// the start): where it lives, who started it, and one vote per person (Teams user id → option id), changeable until closed.
/// <paramref name="Language"/> is the starter's: the card everyone sees stays in it whoever votes.
/// </summary>
internal sealed record TeamPoll(
    string Id,
    string ChannelId,
    string ConversationId,
    string StarterId,
    DateTimeOffset StartedAt,
    IReadOnlyDictionary<string, string> Votes,
    DateTimeOffset? ClosedAt = null,
    string Language = "pl")
{
    public bool Closed => ClosedAt is not null;

    /// <summary>
    /// The seed's partner types, in its order. The ids are the assessment's partner-map sectors, so a result can
    /// seed a city's partner map.
    /// </summary>
    public static IReadOnlyList<string> Options { get; } = ["city", "business", "ngo", "education", "culture", "labourOffices", "migrants", "media", "residents"];

    public TeamPoll WithVote(string userId, string option) =>
        this with { Votes = new Dictionary<string, string>(Votes, StringComparer.Ordinal) { [userId] = option } };

    public TeamPoll WithoutVoter(string userId)
    {
        var votes = new Dictionary<string, string>(Votes, StringComparer.Ordinal);
        votes.Remove(userId);
        return this with { Votes = votes };
    }

    /// <summary>True when the activity's conversation is the poll's (a channel thread counts as its channel).</summary>
    public bool LivesIn(string? conversationId) =>
        conversationId is not null && BaseConversation(conversationId) == BaseConversation(ConversationId);

    internal static string BaseConversation(string id) => id.Split(';', 2)[0];
}
