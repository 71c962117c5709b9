namespace ConsultBot.Welcome;

/// <summary>
/// What the welcome card says about the user's work in other features: the assessment provides it
/// (<c>AddAssessmentToWelcome</c>, wired in the host). Without it the card offers no resume and counts nothing.
/// </summary>
public interface IWelcomeFacts
{
    /// <summary>How many questions the assessment asks (the card names the number).</summary>
    int AssessmentQuestions { get; }

    /// <summary>The turn's user, in a personal chat: the unfinished assessment and the past ones.</summary>
    Task<WelcomeFacts> GetAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}

/// <param name="UnfinishedStep">1-based number of the question an unfinished assessment waits at, or null.</param>
/// <param name="PastAssessments">How many finished assessments the user has.</param>
public sealed record WelcomeFacts(int? UnfinishedStep, int PastAssessments)
{
    public static WelcomeFacts None { get; } = new(null, 0);
}

internal sealed class NoWelcomeFacts : IWelcomeFacts
{
    public int AssessmentQuestions => 0;

    public Task<WelcomeFacts> GetAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.FromResult(WelcomeFacts.None);
}
