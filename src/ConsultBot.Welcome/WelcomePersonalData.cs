using ConsultBot.Protocol.Privacy;
using ConsultBot.Protocol.State;

namespace ConsultBot.Welcome;

/// <summary>The "welcomed" marker of this chat: nothing to list, removed for "usuń moje dane".</summary>
internal sealed class WelcomePersonalData(IStorage storage) : IPersonalDataSource
{
    public Task<IReadOnlyList<PersonalDataItem>> DescribeAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PersonalDataItem>>([]);

    public async Task<int> EraseAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.From?.Id is { Length: > 0 } userId)
        {
            await storage.DeleteAsync([WelcomeStore.ClaimKey(activity.ChannelId, activity.Conversation?.Id, userId)], cancellationToken);
        }

        // A marker, not an item the user sees in "moje dane": it does not count.
        return 0;
    }
}
