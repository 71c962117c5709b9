using ConsultBot.Handoff.Outbox;
using ConsultBot.Handoff.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff;

/// <summary>
/// One pass of the feature's background work; the hosted service runs it periodically, tests and tools
/// may call it directly (e.g. after moving a fake clock).
/// </summary>
public interface IHandoffMaintenance
{
    /// <summary>Delivers due outbox items, re-announces tickets past the claim SLA, anonymises expired ones.</summary>
    Task RunOnceAsync(CancellationToken cancellationToken);
}

/// <summary>The claim SLA reminder and retention, plus outbox delivery.</summary>
internal sealed class HandoffMaintenance(
    TicketStore tickets,
    OutboxProcessor outbox,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<HandoffMaintenance> logger) : IHandoffMaintenance
{
    /// <summary>Marks the personal data that retention removed.</summary>
    public const string AnonymousId = "anonymised";

    private readonly HandoffOptions _options = options.Value;
    private readonly WorkingTime _workingTime = new(options.Value.WorkingHours);

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await RemindUnclaimedAsync(cancellationToken);
        await AnonymiseExpiredAsync(cancellationToken);
        await outbox.RunOnceAsync(cancellationToken);
    }

    /// <summary>Re-announces, once, every unclaimed ticket older than the claim SLA in working time.</summary>
    public async Task<int> RemindUnclaimedAsync(CancellationToken cancellationToken)
    {
        if (!_options.IsChannelConfigured)
        {
            return 0;
        }

        var reminded = 0;
        var now = timeProvider.GetUtcNow();
        foreach (var candidate in await tickets.ListByStatusAsync([TicketStatus.Open, TicketStatus.Reopened], cancellationToken))
        {
            if (candidate.SlaReminderSentAt is not null || candidate.Assignee is not null)
            {
                continue;
            }

            var waited = _workingTime.Elapsed(candidate.CreatedAt, now);
            if (waited < _options.ClaimSla)
            {
                continue;
            }

            // The ETag loop makes "once" hold across instances: only one write sets the flag.
            var decision = await tickets.MutateAsync(candidate.Number,
                t => t.SlaReminderSentAt is null && t.Assignee is null && t.Status is TicketStatus.Open or TicketStatus.Reopened
                    ? TicketDecision.Apply(t with { SlaReminderSentAt = now })
                    : TicketDecision.Unchanged(t),
                (_, t) =>
                [
                    OutboxItem.Create(OutboxKind.ThreadNotice, t.Number, now, notice: NoticeKind.SlaReminder),
                    OutboxItem.Create(OutboxKind.UpdateCard, t.Number, now),
                ],
                cancellationToken);
            if (decision is { Changed: true })
            {
                reminded++;
                logger.SlaReminder(candidate.Number, waited);
            }
        }

        return reminded;
    }

    /// <summary>Removes the asker's identity and the chat context of tickets closed longer than the retention.</summary>
    public async Task<int> AnonymiseExpiredAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var cutoff = now - TimeSpan.FromDays(_options.RetentionDays);
        var anonymised = 0;
        foreach (var candidate in await tickets.ListByStatusAsync([TicketStatus.Closed], cancellationToken, limit: 10_000))
        {
            if (candidate.AnonymisedAt is not null || candidate.ClosedAt is not { } closedAt || closedAt > cutoff)
            {
                continue;
            }

            var askerId = candidate.Asker.UserId;
            var decision = await tickets.MutateAsync(candidate.Number,
                t => t.AnonymisedAt is null && t.Status == TicketStatus.Closed ? TicketDecision.Apply(Anonymise(t, now)) : TicketDecision.Unchanged(t),
                (_, t) => t.CardActivityId is null ? [] : [OutboxItem.Create(OutboxKind.UpdateCard, t.Number, now)],
                cancellationToken);
            if (decision is { Changed: true })
            {
                await tickets.DeleteAskerIndexAsync(askerId, candidate.Number, cancellationToken);
                anonymised++;
                logger.Anonymised(candidate.Number);
            }
        }

        return anonymised;
    }

    internal static Ticket Anonymise(Ticket ticket, DateTimeOffset now)
    {
        var asker = ticket.Asker;
        var anonymous = new TicketPerson(AnonymousId, null, null);
        return ticket with
        {
            Asker = anonymous,
            AskerReference = null,
            Context = [],
            ContextConsent = false,
            History = [.. ticket.History.Select(h => asker.Is(h.ByUserId, null) ? h with { ByUserId = AnonymousId, ByName = null } : h)],
            AnonymisedAt = now,
        };
    }
}
