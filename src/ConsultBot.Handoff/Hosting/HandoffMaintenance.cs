using ConsultBot.Handoff.Outbox;
using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.Telemetry;
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
    OutboxSignal outboxSignal,
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
                ConsultBotTelemetry.TicketSlaBreaches.Add(1);
            }
        }

        return reminded;
    }

    /// <summary>
    /// Anonymises tickets past their retention: closed ones <see cref="HandoffOptions.RetentionDays"/> after closing,
    /// any other <see cref="HandoffOptions.OpenRetentionDays"/> after their last change (they are closed on the way).
    /// </summary>
    public async Task<int> AnonymiseExpiredAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var closedCutoff = now - TimeSpan.FromDays(_options.RetentionDays);
        var openCutoff = now - TimeSpan.FromDays(_options.OpenRetentionDays);
        bool Expired(Ticket t) => t.AnonymisedAt is null
            && (t.Status == TicketStatus.Closed
                ? t.ClosedAt is { } closedAt && closedAt <= closedCutoff
                : LastChange(t) <= openCutoff);

        var anonymised = 0;
        var candidates = await tickets.ListByStatusAsync(Enum.GetValues<TicketStatus>(), cancellationToken, limit: 10_000);
        foreach (var candidate in candidates.Where(Expired))
        {
            if (await AnonymiseAsync(candidate.Number, Expired, now, cancellationToken))
            {
                anonymised++;
                logger.Anonymised(candidate.Number);
            }
        }

        return anonymised;
    }

    /// <summary>
    /// Anonymises one ticket when <paramref name="applies"/> still holds on fresh data: the asker's identity and every
    /// text (question, city, context, answers, follow-ups) go, the numbers and dates stay as counts; the consultants'
    /// card is updated so it no longer shows them.
    /// </summary>
    internal async Task<bool> AnonymiseAsync(string number, Func<Ticket, bool> applies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Ticket? before = null;
        var decision = await tickets.MutateAsync(number,
            t =>
            {
                before = t;
                return applies(t) ? TicketDecision.Apply(Anonymise(t, now)) : TicketDecision.Unchanged(t);
            },
            (_, t) => t.CardActivityId is null ? [] : [OutboxItem.Create(OutboxKind.UpdateCard, t.Number, now)],
            cancellationToken);
        if (decision is not { Changed: true } || before is null)
        {
            return false;
        }

        await tickets.DeleteAskerIndexAsync(before.Asker.UserId, number, cancellationToken);
        if (before.FormId is { } formId)
        {
            await tickets.DeleteFormIndexAsync(formId, cancellationToken);
        }

        outboxSignal.Notify();
        return true;
    }

    internal static Ticket Anonymise(Ticket ticket, DateTimeOffset now)
    {
        var asker = ticket.Asker;
        var anonymous = new TicketPerson(AnonymousId, null, null);

        // A ticket still in progress is closed: nobody can answer an asker the bot no longer knows.
        var history = ticket.Status == TicketStatus.Closed
            ? ticket.History
            : [.. ticket.History, new TicketTransition(TicketAction.Close, ticket.Status, TicketStatus.Closed, AnonymousId, null, now)];
        return ticket with
        {
            Status = TicketStatus.Closed,
            ClosedAt = ticket.ClosedAt ?? now,
            Question = string.Empty,
            City = null,
            Asker = anonymous,
            AskerReference = null,
            Context = [],
            ContextConsent = false,
            Answers = [.. ticket.Answers.Select(a => a with { Text = string.Empty })],
            FollowUps = [.. ticket.FollowUps.Select(f => f with { Text = string.Empty })],
            FormId = null,
            History = [.. history.Select(h => asker.Is(h.ByUserId, null) ? h with { ByUserId = AnonymousId, ByName = null } : h)],
            AnonymisedAt = now,
        };
    }

    private static DateTimeOffset LastChange(Ticket ticket) =>
        ticket.History.Count > 0 ? ticket.History.Max(h => h.At) : ticket.UpdatedAt > ticket.CreatedAt ? ticket.UpdatedAt : ticket.CreatedAt;
}
