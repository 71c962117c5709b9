using ConsultBot.Welcome;

namespace ConsultBot.Assessment.Chat;

/// <summary>What the welcome card says about the user's assessments: the question an unfinished one waits at, how many are finished.</summary>
internal sealed class AssessmentWelcomeFacts(AssessmentStore store) : IWelcomeFacts
{
    public int AssessmentQuestions => FactorCatalogue.All.Count;

    public async Task<WelcomeFacts> GetAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var progress = await store.GetProgressAsync(turnContext, cancellationToken);
        var history = await store.GetHistoryAsync(turnContext, cancellationToken);
        return new WelcomeFacts(progress is { IsComplete: false } ? progress.Step + 1 : null, history.Items.Count);
    }
}
