using System.Globalization;
using ConsultBot.Handoff.Resources;
using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.Privacy;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Handoff;

/// <summary>
/// The asker's tickets for "moje dane" (number, date, status) and "usuń moje dane": each ticket is anonymised like
/// at the end of its retention (identity and every text removed, closed if still open), so it remains only as a count.
/// </summary>
internal sealed class HandoffPersonalData(TicketStore tickets, HandoffMaintenance maintenance, TimeProvider timeProvider) : IPersonalDataSource
{
    private const int Limit = 1000;

    public async Task<IReadOnlyList<PersonalDataItem>> DescribeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (turnContext.Activity.From?.Id is not { Length: > 0 } userId)
        {
            return [];
        }

        var locale = TurnLanguage.FromLocale(turnContext.Activity.Locale);
        var mine = await tickets.ListByAskerAsync(userId, cancellationToken, Limit);
        return [.. mine.Select(t => new PersonalDataItem(
            PersonalDataCategories.Tickets,
            string.Create(CultureInfo.InvariantCulture, $"{t.Number} · {HandoffLabels.Status(t.Status, locale)}"),
            t.CreatedAt))];
    }

    public async Task<int> EraseAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var from = turnContext.Activity.From;
        if (from?.Id is not { Length: > 0 } userId)
        {
            return 0;
        }

        var now = timeProvider.GetUtcNow();
        var erased = 0;
        foreach (var ticket in await tickets.ListByAskerAsync(userId, cancellationToken, Limit))
        {
            if (await maintenance.AnonymiseAsync(ticket.Number, t => t.AnonymisedAt is null && t.Asker.Is(userId, from.AadObjectId), now, cancellationToken))
            {
                erased++;
            }
        }

        return erased;
    }
}
