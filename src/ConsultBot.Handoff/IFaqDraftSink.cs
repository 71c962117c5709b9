using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.State;

namespace ConsultBot.Handoff;

/// <summary>
/// Receives "Propose as FAQ" from a consultant: a draft entry for the admins to review. The host wires
/// it to the knowledge base; the default keeps proposals in the store at <c>handoff/faq-proposals/{id}</c>.
/// </summary>
public interface IFaqDraftSink
{
    /// <summary>Records a draft and returns its id.</summary>
    Task<string> ProposeAsync(string question, string answer, string proposedBy, CancellationToken cancellationToken);
}

/// <summary>A draft FAQ entry proposed by a consultant, waiting for an admin.</summary>
public sealed record FaqProposal(string Id, string Question, string Answer, string ProposedBy, DateTimeOffset ProposedAt, string? TicketNumber = null);

/// <summary>Default <see cref="IFaqDraftSink"/>: one document per proposal under <c>handoff/faq-proposals/</c>.</summary>
internal sealed class StoredFaqDraftSink(IStorage storage, TimeProvider timeProvider) : IFaqDraftSink
{
    public const string KeyPrefix = "handoff/faq-proposals/";

    public async Task<string> ProposeAsync(string question, string answer, string proposedBy, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();

        // Time-ordered ids: the admin list reads them oldest first.
        var id = $"{now.UtcTicks:D19}-{Guid.NewGuid():N}"[..32];
        var proposal = new FaqProposal(id, question, answer, proposedBy, now);
        await storage.WriteAsync(KeyPrefix + id, proposal, HandoffJsonContext.Default.FaqProposal, StoreItem.CreateOnly, cancellationToken);
        return id;
    }
}
