using System.Text.Json.Serialization;
using ConsultBot.Handoff.Cards;
using ConsultBot.Handoff.Outbox;

namespace ConsultBot.Handoff.Storage;

/// <summary>Source-generated JSON of everything the feature stores or puts in card data (enums as names).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(TicketIndexEntry))]
[JsonSerializable(typeof(TicketCounter))]
[JsonSerializable(typeof(OutboxItem))]
[JsonSerializable(typeof(OutboxDeadLetter))]
[JsonSerializable(typeof(List<OutboxDeadLetter>))]
[JsonSerializable(typeof(FaqProposal))]
[JsonSerializable(typeof(AskActionData))]
[JsonSerializable(typeof(List<ConsideredEntry>))]
[JsonSerializable(typeof(OfferCardData))]
[JsonSerializable(typeof(FormCardData))]
[JsonSerializable(typeof(SubmittedCardData))]
[JsonSerializable(typeof(TicketCardData))]
[JsonSerializable(typeof(AnswerCardData))]
[JsonSerializable(typeof(TicketListCardData))]
internal sealed partial class HandoffJsonContext : JsonSerializerContext;

/// <summary>An index document: points at a ticket.</summary>
internal sealed record TicketIndexEntry(string Number);

/// <summary>The last allocated ticket number.</summary>
internal sealed record TicketCounter(long Value);

/// <summary>Every storage key of the feature.</summary>
internal static class HandoffKeys
{
    public const string TicketPrefix = "handoff/tickets/";
    public const string Counter = "handoff/counters/ticket-number";
    public const string StatusIndexPrefix = "handoff/index/status/";
    public const string AskerIndexPrefix = "handoff/index/asker/";
    public const string ThreadIndexPrefix = "handoff/index/thread/";
    public const string OutboxPrefix = "handoff/outbox/";
    public const string FormIndexPrefix = "handoff/index/form/";

    public static string Ticket(string number) => TicketPrefix + number;

    /// <summary>Numbers are zero-padded, so key order within a status is age order.</summary>
    public static string StatusIndex(TicketStatus status, string number) => $"{StatusIndexPrefix}{status}/{number}";

    public static string StatusIndexPrefixOf(TicketStatus status) => $"{StatusIndexPrefix}{status}/";

    /// <summary>The asker's Teams id is hashed: keys show up in logs and listings, ids must not.</summary>
    public static string AskerIndexPrefixOf(string userId) => $"{AskerIndexPrefix}{Hash(userId)}/";

    public static string AskerIndex(string userId, string number) => AskerIndexPrefixOf(userId) + number;

    public static string ThreadIndex(string rootActivityId) => ThreadIndexPrefix + Hash(rootActivityId);

    public static string Outbox(string id) => OutboxPrefix + id;

    public static string FormIndex(string formId) => FormIndexPrefix + Hash(formId);

    private static string Hash(string value) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..32];
}
