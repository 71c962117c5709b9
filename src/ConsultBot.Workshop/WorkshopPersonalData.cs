using ConsultBot.Protocol.Privacy;
using ConsultBot.Protocol.Turn;
using ConsultBot.Workshop.Poll;
using ConsultBot.Workshop.Quiz;
using ConsultBot.Workshop.Resources;

namespace ConsultBot.Workshop;

/// <summary>
/// The workshop tools' data about a person for "moje dane" / "usuń moje dane": self-check results, and votes in team
/// polls (and the polls they started). Erasing deletes the results, removes the votes, and closes the user's polls
/// with the starter's id removed, so nobody can be told who voted what.
/// </summary>
internal sealed class WorkshopPersonalData(QuizStore quiz, PollStore polls, TimeProvider timeProvider) : IPersonalDataSource
{
    private const string ErasedStarter = "erased";

    public async Task<IReadOnlyList<PersonalDataItem>> DescribeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.From?.Id is not { Length: > 0 } userId)
        {
            return [];
        }

        var items = new List<PersonalDataItem>();
        var locale = activity.Locale;
        if (await quiz.GetProgressAsync(activity.ChannelId ?? "msteams", userId, cancellationToken) is { } progress)
        {
            items.Add(new PersonalDataItem(PersonalDataCategories.Workshop,
                WorkshopTexts.Format(nameof(WorkshopStrings.PersonalQuiz), locale, progress.Finished, progress.Best, progress.Mastered.Count),
                progress.UpdatedAt));
        }

        var all = await polls.ListAsync(cancellationToken);
        var voted = all.Count(p => p.Votes.ContainsKey(userId));
        var started = all.Count(p => p.StarterId == userId);
        if (voted + started > 0)
        {
            items.Add(new PersonalDataItem(PersonalDataCategories.Workshop, PollCounts.Describe(voted, started, locale)));
        }

        return items;
    }

    public async Task<int> EraseAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.From?.Id is not { Length: > 0 } userId)
        {
            return 0;
        }

        var erased = 0;
        var channel = activity.ChannelId ?? "msteams";
        if (await quiz.GetProgressAsync(channel, userId, cancellationToken) is not null)
        {
            await quiz.DeleteProgressAsync(channel, userId, cancellationToken);
            erased++;
        }

        foreach (var poll in await polls.ListAsync(cancellationToken))
        {
            if (!poll.Votes.ContainsKey(userId) && poll.StarterId != userId)
            {
                continue;
            }

            var now = timeProvider.GetUtcNow();
            await polls.UpdateAsync(poll.Id, p =>
            {
                var next = p.WithoutVoter(userId);
                return next.StarterId == userId ? next with { StarterId = ErasedStarter, ClosedAt = next.ClosedAt ?? now } : next;
            }, cancellationToken);
            erased++;
        }

        return erased;
    }
}
