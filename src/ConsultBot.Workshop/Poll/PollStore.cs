using System.Text.Json;
using ConsultBot.Protocol.State;
using Microsoft.Extensions.Options;

namespace ConsultBot.Workshop.Poll;

/// <summary>Polls in the key/value store; every write keeps the poll's expiry (its retention).</summary>
internal sealed class PollStore(IStorage storage, IOptions<WorkshopOptions> options)
{
    public const string Prefix = "workshop/polls/";

    public async Task<TeamPoll?> GetAsync(string? id, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(id) || id.Length > 64 ? null : (await storage.ReadAsync(Prefix + id, WorkshopJsonContext.Default.TeamPoll, cancellationToken))?.Value;

    public Task CreateAsync(TeamPoll poll, CancellationToken cancellationToken) =>
        storage.WriteAsync(Prefix + poll.Id, poll, WorkshopJsonContext.Default.TeamPoll, StoreItem.CreateOnly, cancellationToken, Expiry(poll));

    /// <summary>Read-modify-write with the ETag (two people voting at once both count); null from <paramref name="change"/> leaves it.</summary>
    public async Task<TeamPoll?> UpdateAsync(string id, Func<TeamPoll, TeamPoll?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await storage.ReadAsync(Prefix + id, WorkshopJsonContext.Default.TeamPoll, cancellationToken);
            if (current is null)
            {
                return null;
            }

            if (change(current.Value) is not { } next)
            {
                return current.Value;
            }

            try
            {
                await storage.WriteAsync(Prefix + id, next, WorkshopJsonContext.Default.TeamPoll, current.ETag, cancellationToken, Expiry(next));
                return next;
            }
            catch (EtagException) when (attempt < 8)
            {
                // Someone voted in between: read again.
            }
        }
    }

    /// <summary>Every poll (for "moje dane" / "usuń moje dane"); polls expire, so the list stays short.</summary>
    public async Task<IReadOnlyList<TeamPoll>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await storage.ListAsync(Prefix, WorkshopJsonContext.Default.TeamPoll, cancellationToken)).Select(p => p.Value)];

    private DateTimeOffset Expiry(TeamPoll poll) => poll.StartedAt.AddDays(options.Value.PollRetentionDays);
}
