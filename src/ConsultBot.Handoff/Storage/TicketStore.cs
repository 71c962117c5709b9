using System.Globalization;
using System.Text.Json;
using ConsultBot.Handoff.Outbox;
using ConsultBot.Protocol.State;

namespace ConsultBot.Handoff.Storage;

/// <summary>
/// Tickets in <see cref="IStorage"/>: numbers from an ETag-guarded counter, changes through ETag
/// read-modify-write loops, and index documents (by status, by asker, by thread) listed by prefix.
/// A ticket, its new index entries and the outbox items it causes are one atomic write; index entries
/// are hints, and readers check them against the ticket.
/// </summary>
internal sealed class TicketStore(IStorage storage)
{
    private const int MaxAttempts = 50;

    /// <summary>The next ticket number, unique across instances sharing the store.</summary>
    public async Task<long> AllocateNumberAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await storage.ReadAsync(HandoffKeys.Counter, HandoffJsonContext.Default.TicketCounter, cancellationToken);
            var next = (current?.Value.Value ?? 0) + 1;
            try
            {
                await storage.WriteAsync(HandoffKeys.Counter, new TicketCounter(next), HandoffJsonContext.Default.TicketCounter,
                    current?.ETag ?? StoreItem.CreateOnly, cancellationToken);
                return next;
            }
            catch (EtagException) when (attempt < MaxAttempts)
            {
                // Another instance took this number: read the counter again.
                await Task.Yield();
            }
        }
    }

    public static string FormatNumber(string prefix, long value) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{value:D6}");

    /// <summary>Stores a new ticket with its indexes and outbox items in one atomic write.</summary>
    public async Task<Ticket> CreateAsync(Ticket ticket, IReadOnlyList<OutboxItem> outbox, CancellationToken cancellationToken)
    {
        var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal)
        {
            [HandoffKeys.Ticket(ticket.Number)] = Item(ticket, StoreItem.CreateOnly),
            [HandoffKeys.StatusIndex(ticket.Status, ticket.Number)] = IndexItem(ticket.Number),
            [HandoffKeys.AskerIndex(ticket.Asker.UserId, ticket.Number)] = IndexItem(ticket.Number),
        };
        if (ticket.FormId is { } formId)
        {
            // Create-only: a second submit of the same form fails here, atomically with the ticket.
            changes[HandoffKeys.FormIndex(formId)] = new StoreItem(
                JsonSerializer.Serialize(new TicketIndexEntry(ticket.Number), HandoffJsonContext.Default.TicketIndexEntry), StoreItem.CreateOnly);
        }

        AddOutbox(changes, outbox);
        var etags = await storage.WriteAsync(changes, cancellationToken);
        return ticket with { ETag = etags[HandoffKeys.Ticket(ticket.Number)] };
    }

    /// <summary>The ticket created from the given form, or null.</summary>
    public async Task<Ticket?> FindByFormAsync(string formId, CancellationToken cancellationToken)
    {
        var entry = await storage.ReadAsync(HandoffKeys.FormIndex(formId), HandoffJsonContext.Default.TicketIndexEntry, cancellationToken);
        return entry is null ? null : await GetAsync(entry.Value.Number, cancellationToken);
    }

    public async Task<Ticket?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var stored = await storage.ReadAsync(HandoffKeys.Ticket(number), HandoffJsonContext.Default.Ticket, cancellationToken);
        return stored is null ? null : stored.Value with { ETag = stored.ETag };
    }

    /// <summary>
    /// Applies <paramref name="decide"/> to the current ticket and writes the result with the ETag it was
    /// read with; on a conflict re-reads and decides again, so the decision always sees fresh data.
    /// <paramref name="effects"/> gives the outbox items an accepted change causes (written atomically with it).
    /// Returns null when the ticket does not exist.
    /// </summary>
    public async Task<TicketDecision?> MutateAsync(
        string number,
        Func<Ticket, TicketDecision> decide,
        Func<Ticket, Ticket, IReadOnlyList<OutboxItem>>? effects,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(number, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var decision = decide(current);
            if (!decision.Accepted || !decision.Changed)
            {
                return decision;
            }

            var next = decision.Ticket;
            var changes = new Dictionary<string, StoreItem>(StringComparer.Ordinal)
            {
                [HandoffKeys.Ticket(number)] = Item(next, current.ETag ?? StoreItem.Any),
            };
            if (next.Status != current.Status)
            {
                changes[HandoffKeys.StatusIndex(next.Status, number)] = IndexItem(number);
            }

            AddOutbox(changes, effects?.Invoke(current, next) ?? []);
            try
            {
                var etags = await storage.WriteAsync(changes, cancellationToken);
                if (next.Status != current.Status)
                {
                    // Best effort: a stale entry left behind is skipped by readers.
                    await storage.DeleteAsync([HandoffKeys.StatusIndex(current.Status, number)], cancellationToken);
                }

                return decision with { Ticket = next with { ETag = etags[HandoffKeys.Ticket(number)] } };
            }
            catch (EtagException) when (attempt < MaxAttempts)
            {
                // Someone changed the ticket in between (e.g. a concurrent claim): decide again on fresh data.
            }
        }
    }

    /// <summary>Tickets in the given statuses, oldest first.</summary>
    public async Task<IReadOnlyList<Ticket>> ListByStatusAsync(IEnumerable<TicketStatus> statuses, CancellationToken cancellationToken, int limit = 500)
    {
        var result = new List<Ticket>();
        foreach (var status in statuses)
        {
            var entries = await storage.ListAsync(HandoffKeys.StatusIndexPrefixOf(status), limit, cancellationToken);
            foreach (var ticket in await ReadIndexedAsync(entries, cancellationToken))
            {
                if (ticket.Status == status)
                {
                    result.Add(ticket);
                }
            }
        }

        return [.. result.OrderBy(t => t.CreatedAt).ThenBy(t => t.Number, StringComparer.Ordinal)];
    }

    /// <summary>The asker's tickets, newest first.</summary>
    public async Task<IReadOnlyList<Ticket>> ListByAskerAsync(string userId, CancellationToken cancellationToken, int limit = 50)
    {
        var entries = await storage.ListAsync(HandoffKeys.AskerIndexPrefixOf(userId), 1000, cancellationToken);
        var tickets = await ReadIndexedAsync(entries, cancellationToken);
        return [.. tickets.Where(t => t.Asker.UserId == userId).OrderByDescending(t => t.CreatedAt).Take(limit)];
    }

    /// <summary>The ticket whose thread starts with <paramref name="rootActivityId"/>, or null.</summary>
    public async Task<Ticket?> FindByThreadAsync(string rootActivityId, CancellationToken cancellationToken)
    {
        var entry = await storage.ReadAsync(HandoffKeys.ThreadIndex(rootActivityId), HandoffJsonContext.Default.TicketIndexEntry, cancellationToken);
        if (entry is null)
        {
            return null;
        }

        var ticket = await GetAsync(entry.Value.Number, cancellationToken);
        return ticket?.CardActivityId == rootActivityId ? ticket : null;
    }

    public Task WriteThreadIndexAsync(string rootActivityId, string number, CancellationToken cancellationToken) =>
        storage.WriteAsync(new Dictionary<string, StoreItem> { [HandoffKeys.ThreadIndex(rootActivityId)] = IndexItem(number) }, cancellationToken);

    public Task DeleteAskerIndexAsync(string userId, string number, CancellationToken cancellationToken) =>
        storage.DeleteAsync([HandoffKeys.AskerIndex(userId, number)], cancellationToken);

    public Task DeleteFormIndexAsync(string formId, CancellationToken cancellationToken) =>
        storage.DeleteAsync([HandoffKeys.FormIndex(formId)], cancellationToken);

    private async Task<List<Ticket>> ReadIndexedAsync(IReadOnlyList<KeyValuePair<string, StoreItem>> entries, CancellationToken cancellationToken)
    {
        var numbers = new List<string>(entries.Count);
        foreach (var (_, item) in entries)
        {
            if (JsonSerializer.Deserialize(item.Json, HandoffJsonContext.Default.TicketIndexEntry) is { } entry)
            {
                numbers.Add(entry.Number);
            }
        }

        if (numbers.Count == 0)
        {
            return [];
        }

        var items = await storage.ReadAsync([.. numbers.Distinct(StringComparer.Ordinal).Select(HandoffKeys.Ticket)], cancellationToken);
        var tickets = new List<Ticket>(items.Count);
        foreach (var (_, item) in items)
        {
            if (JsonSerializer.Deserialize(item.Json, HandoffJsonContext.Default.Ticket) is { } ticket)
            {
                tickets.Add(ticket with { ETag = item.ETag });
            }
        }

        return tickets;
    }

    private static void AddOutbox(Dictionary<string, StoreItem> changes, IEnumerable<OutboxItem> outbox)
    {
        foreach (var item in outbox)
        {
            changes[HandoffKeys.Outbox(item.Id)] = new StoreItem(JsonSerializer.Serialize(item, HandoffJsonContext.Default.OutboxItem), StoreItem.CreateOnly);
        }
    }

    private static StoreItem Item(Ticket ticket, string etag) =>
        new(JsonSerializer.Serialize(ticket, HandoffJsonContext.Default.Ticket), etag);

    private static StoreItem IndexItem(string number) =>
        new(JsonSerializer.Serialize(new TicketIndexEntry(number), HandoffJsonContext.Default.TicketIndexEntry));
}
