using System.Globalization;
using ConsultBot.Protocol.State;

namespace ConsultBot.Knowledge.Store;

/// <summary>👍/👎 on answers (<c>knowledge/feedback/{entryId}/{time}</c>) and unanswered questions (<c>knowledge/unanswered/{time}</c>).</summary>
internal sealed class FaqFeedbackLog(IStorage storage, TimeProvider timeProvider)
{
    public const string FeedbackPrefix = "knowledge/feedback/";
    public const string UnansweredPrefix = "knowledge/unanswered/";

    // Questions are kept for admins, not forever: a year is enough to turn them into entries.
    private static readonly TimeSpan Retention = TimeSpan.FromDays(365);

    public async Task RecordFeedbackAsync(string entryId, bool helpful, string question, string locale, string? userId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var item = new FaqFeedback(entryId, helpful, Trim(question), locale, userId, now);
        await storage.WriteAsync(FeedbackPrefix + entryId + "/" + TimeKey(now), item, KnowledgeStoreJsonContext.Default.FaqFeedback, StoreItem.CreateOnly, cancellationToken, now + Retention);
    }

    public async Task RecordUnansweredAsync(string question, string locale, string? userId, string reason, string? entryId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var item = new UnansweredQuestion(Trim(question), now, locale, userId, reason, entryId);
        await storage.WriteAsync(UnansweredPrefix + TimeKey(now), item, KnowledgeStoreJsonContext.Default.UnansweredQuestion, StoreItem.CreateOnly, cancellationToken, now + Retention);
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<UnansweredQuestion>> ListUnansweredAsync(int limit, CancellationToken cancellationToken)
    {
        var items = await storage.ListAsync(UnansweredPrefix, KnowledgeStoreJsonContext.Default.UnansweredQuestion, cancellationToken);
        return [.. items.Select(i => i.Value).OrderByDescending(q => q.At).Take(limit)];
    }

    public async Task<IReadOnlyList<FaqFeedback>> ListFeedbackAsync(string entryId, CancellationToken cancellationToken)
    {
        var items = await storage.ListAsync(FeedbackPrefix + entryId + "/", KnowledgeStoreJsonContext.Default.FaqFeedback, cancellationToken);
        return [.. items.Select(i => i.Value)];
    }

    // Sortable by time, unique across instances.
    private static string TimeKey(DateTimeOffset now) =>
        now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    private static string Trim(string question) => question.Length <= 1000 ? question : question[..1000];
}
