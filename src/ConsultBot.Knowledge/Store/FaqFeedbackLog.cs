using System.Globalization;
using ConsultBot.Protocol.State;
using Microsoft.Extensions.Options;

namespace ConsultBot.Knowledge.Store;

/// <summary>👍/👎 on answers (<c>knowledge/feedback/{entryId}/{time}</c>) and unanswered questions (<c>knowledge/unanswered/{time}</c>).</summary>
internal sealed class FaqFeedbackLog(IStorage storage, TimeProvider timeProvider, IOptions<KnowledgeOptions> options)
{
    public const string FeedbackPrefix = "knowledge/feedback/";
    public const string UnansweredPrefix = "knowledge/unanswered/";

    // Questions are kept for admins, not forever (Knowledge:FeedbackRetentionDays); the sweep also removes
    // what a shortened retention left behind.
    private TimeSpan Retention => TimeSpan.FromDays(options.Value.FeedbackRetentionDays);

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

    /// <summary>The user's feedback and unanswered entries (key and value), for "moje dane" and erasure.</summary>
    public async Task<(IReadOnlyList<Stored<FaqFeedback>> Feedback, IReadOnlyList<Stored<UnansweredQuestion>> Unanswered)> ListByUserAsync(string userId, CancellationToken cancellationToken)
    {
        var feedback = await storage.ListAsync(FeedbackPrefix, KnowledgeStoreJsonContext.Default.FaqFeedback, cancellationToken);
        var unanswered = await storage.ListAsync(UnansweredPrefix, KnowledgeStoreJsonContext.Default.UnansweredQuestion, cancellationToken);
        return ([.. feedback.Where(f => f.Value.UserId == userId)], [.. unanswered.Where(u => u.Value.UserId == userId)]);
    }

    /// <summary>Deletes entries older than the retention; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - Retention;
        var feedback = await storage.ListAsync(FeedbackPrefix, KnowledgeStoreJsonContext.Default.FaqFeedback, cancellationToken);
        var unanswered = await storage.ListAsync(UnansweredPrefix, KnowledgeStoreJsonContext.Default.UnansweredQuestion, cancellationToken);
        string[] expired = [.. feedback.Where(f => f.Value.At < cutoff).Select(f => f.Key), .. unanswered.Where(u => u.Value.At < cutoff).Select(u => u.Key)];
        if (expired.Length > 0)
        {
            await storage.DeleteAsync(expired, cancellationToken);
        }

        return expired.Length;
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        keys.Count == 0 ? Task.CompletedTask : storage.DeleteAsync(keys, cancellationToken);

    // Sortable by time, unique across instances.
    private static string TimeKey(DateTimeOffset now) =>
        now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    private static string Trim(string question) => question.Length <= 1000 ? question : question[..1000];
}
