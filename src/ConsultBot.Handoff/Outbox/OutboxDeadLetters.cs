using System.Globalization;
using System.Text;
using System.Text.Json;
using ConsultBot.Handoff.Resources;
using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.State;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Handoff.Outbox;

/// <summary>
/// The deliveries the outbox gave up: listed newest first for consultants (<c>tickets</c>) and admins
/// (<c>GET /api/handoff/dead-letters</c>), and put back into the outbox on an admin's request.
/// </summary>
internal sealed class OutboxDeadLetters(IStorage storage, OutboxSignal signal, TimeProvider timeProvider, ILogger<OutboxDeadLetters> logger)
{
    /// <summary>Dead letters listed in the consultants' <c>tickets</c> answer.</summary>
    public const int SummaryLines = 10;

    private const int MaxListed = 1000;

    /// <summary>All dead letters (up to a thousand), newest first.</summary>
    public async Task<IReadOnlyList<OutboxDeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        var items = await storage.ListAsync(OutboxKeys.DeadPrefix, HandoffJsonContext.Default.OutboxDeadLetter, cancellationToken, MaxListed);
        return [.. items.Select(i => i.Value).OrderByDescending(d => d.DeadLetteredAt).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Puts the dead letter back into the outbox as a new item (attempts from zero), in one atomic write that
    /// removes the dead letter; false when there is no such dead letter or it cannot be delivered at all.
    /// </summary>
    public async Task<bool> RequeueAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await storage.ReadAsync(OutboxKeys.Dead(id), HandoffJsonContext.Default.OutboxDeadLetter, cancellationToken);
        if (stored?.Value.Requeue(timeProvider.GetUtcNow()) is not { } item)
        {
            return false;
        }

        try
        {
            await storage.WriteAsync(new Dictionary<string, StoreItem>(StringComparer.Ordinal)
            {
                [HandoffKeys.Outbox(item.Id)] = new(JsonSerializer.Serialize(item, HandoffJsonContext.Default.OutboxItem), StoreItem.CreateOnly),
                [stored.Key] = new("{}", stored.ETag, DateTimeOffset.UnixEpoch),
            }, cancellationToken);
        }
        catch (EtagException)
        {
            // Someone else requeued it at the same moment.
            return false;
        }

        await storage.DeleteAsync([stored.Key], cancellationToken);
        logger.DeadLetterRequeued(id, item.TicketNumber);
        signal.Notify();
        return true;
    }

    /// <summary>The consultants' note under the ticket list: how many deliveries failed and the latest ones; null when none.</summary>
    public static string? Summary(IReadOnlyList<OutboxDeadLetter> letters, string locale)
    {
        if (letters.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder(HandoffTexts.Format(nameof(HandoffStrings.DeadLettersHeader), locale, letters.Count));
        foreach (var letter in letters.Take(SummaryLines))
        {
            text.Append("\n\n- ").Append(HandoffTexts.Format(nameof(HandoffStrings.DeadLetterLine), locale,
                letter.TicketNumber,
                HandoffLabels.OutboxKindOf(letter.Kind, locale),
                HandoffLabels.DeadLetterReasonOf(letter.Reason, locale),
                letter.DeadLetteredAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        }

        if (letters.Count > SummaryLines)
        {
            text.Append("\n\n").Append(HandoffTexts.Format(nameof(HandoffStrings.DeadLettersMore), locale, letters.Count - SummaryLines));
        }

        return text.ToString();
    }
}
