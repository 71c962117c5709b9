using System.Text.Json.Nodes;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Handoff;

/// <summary>What other features call to hand a question over to a consultant.</summary>
public interface IHandoffStarter
{
    /// <summary>
    /// The bot has no (good) answer: sends a short card offering "Zapytaj konsultanta". The button opens
    /// the escalation form prefilled with <paramref name="question"/>; <paramref name="considered"/> goes
    /// with the ticket so consultants see what the bot tried. In a group chat or channel the offer says
    /// the escalation continues in the personal chat.
    /// </summary>
    Task OfferAsync(ITurnContext turnContext, string question, IReadOnlyList<ConsideredEntry> considered, CancellationToken cancellationToken);

    /// <summary>Shows the escalation form right away (the user asked for a consultant).</summary>
    Task ShowFormAsync(ITurnContext turnContext, string? question, IReadOnlyList<ConsideredEntry> considered, CancellationToken cancellationToken);

    /// <summary>
    /// The <c>data</c> for an <c>Action.Execute</c> with verb <see cref="HandoffVerbs.Ask"/> on another
    /// feature's card (e.g. the FAQ's no-answer or 👎 card).
    /// </summary>
    JsonObject CreateAskData(string? question, IReadOnlyList<ConsideredEntry> considered);
}
