global using HandoffTexts = ConsultBot.Protocol.Turn.ResxTexts<ConsultBot.Handoff.Resources.HandoffStrings>;

using ConsultBot.Handoff.Outbox;

namespace ConsultBot.Handoff.Resources;

/// <summary>
/// Texts whose key is built from an enum value ("Status" + status): the only keys that <c>nameof</c> cannot check, so
/// they live here and a test asks for every value in both languages.
/// </summary>
internal static class HandoffLabels
{
    public static string Urgency(TicketUrgency urgency, string? locale) => HandoffTexts.Get("Urgency" + urgency, locale);

    public static string Status(TicketStatus status, string? locale) => HandoffTexts.Get("Status" + status, locale);

    public static string OutboxKindOf(OutboxKind? kind, string? locale) => HandoffTexts.Get("OutboxKind" + (kind?.ToString() ?? "Unknown"), locale);

    public static string DeadLetterReasonOf(DeadLetterReason reason, string? locale) => HandoffTexts.Get("DeadLetterReason" + reason, locale);
}
