using System.Globalization;
using ConsultBot.Assessment.Engine;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Assessment.Chat;

/// <summary>Finishes an assessment from either mode: runs the engine, adds the result to the history, clears the progress.</summary>
internal sealed class AssessmentCompletion(AssessmentStore store, TimeProvider timeProvider, ILogger<AssessmentCompletion> logger)
{
    public const string StepsMode = "steps";
    public const string FormMode = "form";

    public string NewId() =>
        string.Create(CultureInfo.InvariantCulture, $"a-{timeProvider.GetUtcNow():yyyyMMdd}-{Guid.NewGuid():N}")[..19];

    public AssessmentProgress NewProgress() => new(NewId(), timeProvider.GetUtcNow(), 0, AssessmentAnswers.Empty);

    public async Task<AssessmentRecord> CompleteAsync(ITurnContext turn, string id, AssessmentAnswers answers, string mode, CancellationToken cancellationToken)
    {
        var result = AssessmentEngine.Recommend(answers);
        var record = new AssessmentRecord(id, timeProvider.GetUtcNow(), answers, result.Recommended, mode);
        var history = await store.GetHistoryAsync(turn, cancellationToken);
        await store.SetHistoryAsync(turn, history.Add(record), cancellationToken);
        await store.SetProgressAsync(turn, null, cancellationToken);
        Log.AssessmentCompleted(logger, mode, CooperationModels.Key(result.Recommended), answers.AnsweredCount);
        return record;
    }
}
