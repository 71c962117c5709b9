using System.Reflection;
using System.Text.Json;
using ConsultBot.Protocol.State;

namespace ConsultBot.Workshop.Quiz;

/// <summary>The quiz questions (seeded once from Content/quiz.json, then the store is the source) and users' results.</summary>
internal sealed class QuizStore(IStorage storage)
{
    public const string QuestionsPrefix = "workshop/quiz/questions/";
    public const string ResultsPrefix = "workshop/quiz/results/";

    public static IReadOnlyList<QuizQuestion> Embedded()
    {
        using var stream = typeof(QuizStore).Assembly.GetManifestResourceStream("ConsultBot.Workshop.Content.quiz.json")
            ?? throw new InvalidOperationException("Embedded resource Content/quiz.json is missing.");
        var content = JsonSerializer.Deserialize(stream, WorkshopJsonContext.Default.QuizContent)
            ?? throw new InvalidOperationException("Content/quiz.json is empty.");
        return content.Questions;
    }

    /// <summary>On the first start only: later the admins' edits (including deletions) win over the file.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        if ((await storage.ListAsync(QuestionsPrefix, 1, cancellationToken)).Count > 0)
        {
            return 0;
        }

        var seeded = 0;
        foreach (var question in Embedded())
        {
            try
            {
                await storage.WriteAsync(QuestionsPrefix + question.Id, question, WorkshopJsonContext.Default.QuizQuestion, StoreItem.CreateOnly, cancellationToken);
                seeded++;
            }
            catch (EtagException)
            {
                // Another instance seeded it first.
            }
        }

        return seeded;
    }

    public async Task<IReadOnlyList<Stored<QuizQuestion>>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await storage.ListAsync(QuestionsPrefix, WorkshopJsonContext.Default.QuizQuestion, cancellationToken, 500))
            .OrderBy(q => q.Value.Order).ThenBy(q => q.Value.Id, StringComparer.Ordinal)];

    public Task<Stored<QuizQuestion>?> GetAsync(string id, CancellationToken cancellationToken) =>
        storage.ReadAsync(QuestionsPrefix + id, WorkshopJsonContext.Default.QuizQuestion, cancellationToken);

    /// <summary>Writes an admin's edit; <paramref name="etag"/> null overwrites, otherwise a stale one throws <see cref="EtagException"/>.</summary>
    public Task<string> PutAsync(QuizQuestion question, string? etag, CancellationToken cancellationToken) =>
        storage.WriteAsync(QuestionsPrefix + question.Id, question, WorkshopJsonContext.Default.QuizQuestion, etag ?? StoreItem.Any, cancellationToken);

    public Task DeleteQuestionAsync(string id, CancellationToken cancellationToken) => storage.DeleteAsync([QuestionsPrefix + id], cancellationToken);

    public static string ResultsKey(string channelId, string userId) => $"{ResultsPrefix}{channelId}/{userId}";

    public async Task<QuizProgress?> GetProgressAsync(string channelId, string userId, CancellationToken cancellationToken) =>
        (await storage.ReadAsync(ResultsKey(channelId, userId), WorkshopJsonContext.Default.QuizProgress, cancellationToken))?.Value;

    public Task SaveProgressAsync(string channelId, string userId, QuizProgress progress, CancellationToken cancellationToken) =>
        storage.WriteAsync(ResultsKey(channelId, userId), progress, WorkshopJsonContext.Default.QuizProgress, StoreItem.Any, cancellationToken);

    public Task DeleteProgressAsync(string channelId, string userId, CancellationToken cancellationToken) =>
        storage.DeleteAsync([ResultsKey(channelId, userId)], cancellationToken);
}
