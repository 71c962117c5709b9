using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Cards;
using ConsultBot.Handoff.Storage;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff.Cards;

/// <summary>Builds the data of the handoff cards from tickets and renders them with <see cref="ICardRenderer"/>.</summary>
internal sealed class HandoffCards(ICardRenderer renderer, IOptions<HandoffOptions> options)
{
    public const string Offer = "handoff-offer";
    public const string Form = "handoff-form";
    public const string Submitted = "handoff-submitted";
    public const string TicketCard = "handoff-ticket";
    public const string AnswerCard = "handoff-answer";
    public const string List = "handoff-list";

    private const int ListQuestionLength = 120;
    private readonly HandoffOptions _options = options.Value;
    private readonly TimeZoneInfo _zone = WorkingTime.TryFindTimeZone(options.Value.WorkingHours.TimeZone) ?? TimeZoneInfo.Utc;

    public string ConsultantsLocale => _options.ConsultantsLocale;

    public JsonObject RenderOffer(string question, IReadOnlyList<ConsideredEntry> considered, bool shared, string locale) =>
        Render(Offer, new OfferCardData(question, CardText.Escape(question), SerializeConsidered(considered), shared), HandoffJsonContext.Default.OfferCardData, locale);

    public JsonObject RenderForm(string? question, string? city, IReadOnlyList<ConsideredEntry> considered, string locale, string? error = null,
        TicketTopic topic = TicketTopic.Other, TicketUrgency urgency = TicketUrgency.Normal, bool consent = false) =>
        Render(Form, new FormCardData(Guid.NewGuid().ToString("N"), question ?? string.Empty, city ?? string.Empty, topic.ToString(), urgency.ToString(), consent, SerializeConsidered(considered), error),
            HandoffJsonContext.Default.FormCardData, locale);

    public JsonObject RenderSubmitted(Ticket ticket, string locale) =>
        Render(Submitted, new SubmittedCardData(ticket.Number, CardText.Escape(ticket.Question), ticket.Urgency.ToString(), _options.IsChannelConfigured),
            HandoffJsonContext.Default.SubmittedCardData, locale);

    /// <summary>The consultants' card, in the consultants' language, as the ticket is now.</summary>
    public JsonObject RenderTicket(Ticket ticket, DateTimeOffset now, string? notice = null) =>
        Render(TicketCard, TicketData(ticket, now, notice), HandoffJsonContext.Default.TicketCardData, _options.ConsultantsLocale);

    public JsonObject RenderAnswer(Ticket ticket, TicketAnswer answer, string state, string? notice = null)
    {
        var data = new AnswerCardData
        {
            Number = ticket.Number,
            Question = CardText.Escape(Shorten(ticket.Question, 300)),
            Answer = CardText.Escape(answer.Text),
            Consultant = CardText.Escape(answer.By.Name ?? string.Empty),
            AnswerId = answer.Id,
            State = state,
            Rating = RatingText(ticket.Rating),
            Notice = notice,
        };
        return Render(AnswerCard, data, HandoffJsonContext.Default.AnswerCardData, ticket.Locale);
    }

    public JsonObject RenderList(IReadOnlyList<Ticket> tickets, bool queue, DateTimeOffset now, string locale)
    {
        var items = tickets.Select(t => new TicketListItem(
            t.Number,
            CardText.Escape(Shorten(t.Question, ListQuestionLength)),
            t.Status.ToString(),
            t.Urgency.ToString(),
            FormatAge(now - t.CreatedAt),
            CardText.Escape(t.City ?? string.Empty),
            t.Assignee?.Name is { } name ? CardText.Escape(name) : null)).ToList();
        return Render(List, new TicketListCardData(queue, items), HandoffJsonContext.Default.TicketListCardData, locale);
    }

    internal TicketCardData TicketData(Ticket ticket, DateTimeOffset now, string? notice)
    {
        var active = ticket.Status != TicketStatus.Closed && ticket.AnonymisedAt is null;
        return new TicketCardData
        {
            Number = ticket.Number,
            Question = CardText.Escape(ticket.Question),
            City = CardText.Escape(ticket.City ?? string.Empty),
            Topic = ticket.Topic.ToString(),
            Urgency = ticket.Urgency.ToString(),
            Status = ticket.Status.ToString(),
            Asker = CardText.Escape(ticket.Asker.Name ?? string.Empty),
            Created = FormatTime(ticket.CreatedAt),
            Age = FormatAge(now - ticket.CreatedAt),
            Assignee = ticket.Assignee?.Name is { } assignee ? CardText.Escape(assignee) : null,
            Overdue = ticket.SlaReminderSentAt is not null && ticket.Assignee is null && active,
            Anonymised = ticket.AnonymisedAt is not null,
            ContextConsent = ticket.ContextConsent,
            Context = [.. ticket.Context.Select(c => new CardContextTurn(c.Speaker.ToString(), CardText.Escape(Shorten(c.Text, 500))))],
            Considered = [.. ticket.Considered.Take(5).Select(c => new CardConsidered(CardText.Escape(c.Question), c.Score.ToString("0.00", CultureInfo.InvariantCulture)))],
            Answers = [.. ticket.Answers.Select(a => new CardAnswer(CardText.Escape(a.By.Name ?? string.Empty), FormatTime(a.At), CardText.Escape(a.Text)))],
            FollowUps = [.. ticket.FollowUps.Select(f => new CardFollowUp(FormatTime(f.At), CardText.Escape(f.Text)))],
            Rating = RatingText(ticket.Rating),
            CanClaim = active && ticket.Assignee is null,
            CanUnassign = active && ticket.Assignee is not null && ticket.Status is TicketStatus.Claimed or TicketStatus.Reopened,
            CanAnswer = active,
            CanClose = active,
            CanPropose = ticket.Answers.Count > 0 && ticket.AnonymisedAt is null,
            Notice = notice,
        };
    }

    internal static string FormatAge(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        // Units read the same in Polish and English.
        return age.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} d {age.Hours} h")
            : age.TotalHours >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h {age.Minutes} min")
                : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, age.Minutes)} min");
    }

    internal static string Shorten(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1).TrimEnd(), "…");

    internal static IReadOnlyList<ConsideredEntry> ParseConsidered(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(json, HandoffJsonContext.Default.ListConsideredEntry) ?? [];
        }
        catch (JsonException)
        {
            // Card data comes from the client; a mangled list just means no considered entries.
            return [];
        }
    }

    internal static string SerializeConsidered(IReadOnlyList<ConsideredEntry> considered) =>
        JsonSerializer.Serialize([.. considered.Take(5)], HandoffJsonContext.Default.ListConsideredEntry);

    private static string? RatingText(AskerRating? rating) => rating?.Score switch
    {
        null => null,
        5 => "👍",
        1 => "👎",
        var s => string.Create(CultureInfo.InvariantCulture, $"{s}/5"),
    };

    private string FormatTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private JsonObject Render<T>(string card, T data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string locale) =>
        renderer.Render(card, JsonSerializer.SerializeToNode(data, typeInfo), locale);
}
