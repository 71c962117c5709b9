using System.ComponentModel.DataAnnotations;
using ConsultBot.Protocol.State;

namespace ConsultBot.Host.Bot;

/// <summary>
/// How long the bot's own state is kept after its last change (GDPR: every personal datum has a period).
/// Each write stamps an expiry; the store's purge removes what expired and reads treat it as missing.
/// </summary>
public sealed class StateRetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Conversation state: dialog steps, remembered chat turns, the last answered entry.</summary>
    [Range(1, 3650)]
    public int ConversationStateDays { get; set; } = 30;

    /// <summary>User state: assessments, checklists, partner maps, the preferred language.</summary>
    [Range(1, 3650)]
    public int UserStateDays { get; set; } = 365;

    /// <summary>
    /// Conversation references (where to reply later). Rewritten while the conversation is in use; must outlive
    /// an open ticket (<c>Handoff:OpenRetentionDays</c>) so that a late answer still reaches the asker.
    /// </summary>
    [Range(1, 3650)]
    public int ConversationReferenceDays { get; set; } = 400;

    public StateRetention ToStateRetention() => new(
        TimeSpan.FromDays(ConversationStateDays), TimeSpan.FromDays(UserStateDays), TimeSpan.FromDays(ConversationReferenceDays));
}
