namespace ConsultBot.Welcome;

/// <summary>The welcome and help card: on install, on "pomoc"/"cześć", and from its button.</summary>
internal sealed class WelcomeHandlers(WelcomeStore store, WelcomeCards cards, ILogger<WelcomeHandlers> logger, IWelcomeFacts? facts = null)
{
    private readonly IWelcomeFacts _facts = facts ?? new NoWelcomeFacts();

    /// <summary>The bot or a person joined (conversationUpdate), or the app was installed (installationUpdate add).</summary>
    public static bool IsInstallEvent(ITurnContext turn)
    {
        var activity = turn.Activity;
        return (activity.IsType(ActivityTypes.ConversationUpdate) && activity.MembersAdded is { Count: > 0 })
            || (activity.IsType(ActivityTypes.InstallationUpdate) && activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>Welcomes once per user per conversation (personal chat) or once per conversation (team, group chat).</summary>
    public async Task OnInstallAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var botId = activity.Recipient?.Id;
        var log = await store.GetAsync(turn, cancellationToken);
        if (activity.IsSharedConversation())
        {
            // In a team only the bot's own arrival is worth a message; colleagues joining later are not greeted by a bot.
            var botAdded = activity.IsType(ActivityTypes.InstallationUpdate) || activity.MembersAdded?.Any(m => m.Id == botId) == true;
            if (!botAdded || log.Shared || !await store.TryClaimAsync(turn, "shared", cancellationToken))
            {
                return;
            }

            await store.SetAsync(turn, log with { Shared = true }, cancellationToken);
            await SendSharedWelcomeAsync(turn, cancellationToken);
            Log.WelcomeSent(logger, "shared");
            return;
        }

        var user = activity.MembersAdded?.FirstOrDefault(m => m.Id is not null && m.Id != botId) ?? activity.From;
        if (user?.Id is not { } userId || userId == botId || log.Users.Contains(userId)
            || !await store.TryClaimAsync(turn, userId, cancellationToken))
        {
            return;
        }

        await store.SetAsync(turn, log with { Users = [.. log.Users, userId] }, cancellationToken);
        await SendPersonalWelcomeAsync(turn, user.Name ?? activity.From?.Name, cancellationToken);
        Log.WelcomeSent(logger, "personal");
    }

    public async Task OnWelcomeCommandAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsSharedConversation())
        {
            await SendSharedWelcomeAsync(turn, cancellationToken);
            return;
        }

        await SendPersonalWelcomeAsync(turn, turn.Activity.From?.Name, cancellationToken);
    }

    public async Task<AdaptiveCardInvokeResponse> OnWelcomeActionAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        await OnWelcomeCommandAsync(turn, cancellationToken);
        return AdaptiveCardInvokeResponse.Message(WelcomeTexts.Get(nameof(WelcomeStrings.CardBelow), turn.Activity.Locale));
    }

    private Task SendSharedWelcomeAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        turn.SendActivityAsync(WelcomeCards.Message(cards.Render(WelcomeCards.Shared(_facts.AssessmentQuestions), turn.Activity.Locale)), cancellationToken);

    private async Task SendPersonalWelcomeAsync(ITurnContext turn, string? name, CancellationToken cancellationToken)
    {
        var facts = await _facts.GetAsync(turn, cancellationToken);
        var data = WelcomeCards.Personal(name, facts.UnfinishedStep, _facts.AssessmentQuestions, facts.PastAssessments);
        await turn.SendActivityAsync(WelcomeCards.Message(cards.Render(data, turn.Activity.Locale)), cancellationToken);
    }
}
