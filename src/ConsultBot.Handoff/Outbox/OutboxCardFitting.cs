using System.Text.Json.Nodes;
using ConsultBot.Cards;
using ConsultBot.Handoff.Cards;
using ConsultBot.Handoff.Resources;

namespace ConsultBot.Handoff.Outbox;

/// <summary>
/// Renders the outbox's cards so they fit: a card over the renderer's size limit is rendered again from a
/// copy of the ticket with its long texts cut (each cut text ends with a pointer to the ticket number),
/// step by step shorter. Only a card that does not fit even at the last step is given up (dead-lettered);
/// nothing here throws for size.
/// </summary>
internal sealed class OutboxCardFitting(HandoffCards cards)
{
    /// <summary>Longest text kept per field at each step; null renders the ticket as it is.</summary>
    private static readonly int?[] Steps = [null, 4000, 1000, 200];

    /// <summary>Context turns kept once shortening starts (the most recent ones).</summary>
    private const int ShortContextTurns = 3;

    /// <summary>Longest text in a thread notice (Teams' message limit is far above; a notice is a pointer).</summary>
    public const int NoticeTextLength = 2000;

    /// <summary>The consultants' ticket card, or null when even the shortest form is too large.</summary>
    public JsonObject? TicketCard(Ticket ticket, DateTimeOffset now, string locale)
    {
        foreach (var limit in Steps)
        {
            try
            {
                return cards.RenderTicket(limit is { } max ? ShortenTicket(ticket, max, locale) : ticket, now);
            }
            catch (CardTooLargeException)
            {
                // Try the next, shorter step.
            }
        }

        return null;
    }

    /// <summary>The asker's answer card, or null when even the shortest form is too large.</summary>
    public JsonObject? AnswerCard(Ticket ticket, TicketAnswer answer, string state)
    {
        foreach (var limit in Steps)
        {
            try
            {
                return limit is { } max
                    ? cards.RenderAnswer(ticket with { Question = Shorten(ticket.Question, max, ticket.Number, ticket.Locale) },
                        answer with { Text = Shorten(answer.Text, max, ticket.Number, ticket.Locale) }, state)
                    : cards.RenderAnswer(ticket, answer, state);
            }
            catch (CardTooLargeException)
            {
                // Try the next, shorter step.
            }
        }

        return null;
    }

    /// <summary>The text cut to <paramref name="max"/> characters with "(full text in ticket KC-…)" after it, or as it is when short.</summary>
    public static string Shorten(string text, int max, string number, string? locale)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var pointer = HandoffTexts.Format(nameof(HandoffStrings.FullTextInTicket), locale, number);
        var keep = Math.Max(1, max - pointer.Length - 2);

        // Never cut a surrogate pair in half: the half would make the card's JSON invalid.
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep).TrimEnd(), "… ", pointer);
    }

    internal static Ticket ShortenTicket(Ticket ticket, int max, string locale)
    {
        string Cut(string text) => Shorten(text, max, ticket.Number, locale);
        return ticket with
        {
            Question = Cut(ticket.Question),
            City = ticket.City is { } city ? Cut(city) : null,
            Context = [.. ticket.Context.TakeLast(ShortContextTurns).Select(c => c with { Text = Cut(c.Text) })],
            Considered = [.. ticket.Considered.Select(c => c with { Question = Cut(c.Question) })],
            Answers = [.. ticket.Answers.Select(a => a with { Text = Cut(a.Text) })],
            FollowUps = [.. ticket.FollowUps.Select(f => f with { Text = Cut(f.Text) })],
        };
    }
}
