using System.Security.Cryptography;
using System.Text;
using ConsultBot.Admin.Api;
using ConsultBot.Admin.Faq;
using ConsultBot.Knowledge;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.State;

namespace ConsultBot.Admin.Review;

/// <summary>
/// The review list: questions users asked and did not get (no answer, 👎), grouped by similarity and counted, with
/// the entry the search would pick; and the consultants' FAQ drafts. A group is handled by adding its questions as
/// phrasings, turning it into a new draft, or dismissing it; its stored questions are then deleted (they held a
/// Teams id and have served their purpose).
/// </summary>
internal sealed class ReviewService(IStorage storage, IFaqSearch search, IFaqEditor editor)
{
    private const double GroupSimilarity = 0.5;

    public async Task<ReviewList> ListAsync(CancellationToken cancellationToken)
    {
        var groups = await GroupsAsync(cancellationToken);
        var drafts = (await editor.ListEditableAsync(false, cancellationToken))
            .Where(e => e.Published is null && e.Draft is { } d && d.Id.StartsWith(KnowledgeRetentionService.ProposalPrefix, StringComparison.Ordinal))
            .Select(e => new ReviewDraft(e.Id, e.Draft!.Question, e.Draft.Answer, e.Draft.UpdatedAt, e.ETag))
            .ToArray();
        return new ReviewList([.. groups.Select(g => g.View)], drafts);
    }

    public async Task<(ReviewGroup View, IReadOnlyList<string> Keys)?> FindAsync(string groupId, CancellationToken cancellationToken) =>
        (await GroupsAsync(cancellationToken)).FirstOrDefault(g => g.View.Id == groupId) is { View: not null } found ? found : null;

    /// <summary>Removes the group's stored questions.</summary>
    public Task CloseAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        keys.Count == 0 ? Task.CompletedTask : storage.DeleteAsync([.. keys], cancellationToken);

    private async Task<List<(ReviewGroup View, IReadOnlyList<string> Keys)>> GroupsAsync(CancellationToken cancellationToken)
    {
        var items = await storage.ListAsync(FaqFeedbackLog.UnansweredPrefix, KnowledgeStoreJsonContext.Default.UnansweredQuestion, cancellationToken);
        // Greedy single-link grouping: a question joins the first group with a member similar enough. Hundreds of
        // questions at most (they expire after Knowledge:FeedbackRetentionDays), so the quadratic pass is fine.
        var clusters = new List<(List<HashSet<string>> Words, List<Stored<UnansweredQuestion>> Members)>();
        foreach (var item in items.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            var words = EntryChecks.Words(item.Value.Question);
            var home = clusters.FirstOrDefault(c => c.Words.Any(w => EntryChecks.Similarity(w, words) >= GroupSimilarity));
            if (home.Members is null)
            {
                clusters.Add(([words], [item]));
            }
            else
            {
                home.Words.Add(words);
                home.Members.Add(item);
            }
        }

        var groups = new List<(ReviewGroup, IReadOnlyList<string>)>();
        foreach (var (_, members) in clusters.OrderByDescending(c => c.Members.Count))
        {
            // The group's id follows its oldest question, so it stays the same while new ones join.
            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(members[0].Key)))[..16];
            var representative = members.GroupBy(m => m.Value.Question.Trim(), StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count()).First().Key;
            var hit = search.Search(representative, members[0].Value.Locale, 3).Results.FirstOrDefault();
            var suggested = hit?.Id ?? members.Select(m => m.Value.EntryId).FirstOrDefault(e => e is not null);
            groups.Add((
                new ReviewGroup(id, representative, members.Count, [.. members.Select(m => new ReviewQuestion(m.Value.Question, m.Value.Reason, m.Value.Locale, m.Value.At))], suggested, hit?.Question),
                [.. members.Select(m => m.Key)]));
        }

        return groups;
    }
}
