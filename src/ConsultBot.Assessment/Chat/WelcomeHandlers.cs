using static ConsultBot.Assessment.Chat.AssessmentChat;

namespace ConsultBot.Assessment.Chat;

/// <summary>The welcome and help card: on install, on "pomoc"/"cześć", and from its button.</summary>
internal sealed class WelcomeHandlers(AssessmentChat chat, ILogger<WelcomeHandlers> logger)
{
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
        var log = await chat.Store.GetWelcomeAsync(turn, cancellationToken);
        if (activity.IsSharedConversation())
        {
            // In a team only the bot's own arrival is worth a message; colleagues joining later are not greeted by a bot.
            var botAdded = activity.IsType(ActivityTypes.InstallationUpdate) || activity.MembersAdded?.Any(m => m.Id == botId) == true;
            if (!botAdded || log.Shared || !await chat.Store.TryClaimWelcomeAsync(turn, "shared", cancellationToken))
            {
                return;
            }

            await chat.Store.SetWelcomeAsync(turn, log with { Shared = true }, cancellationToken);
            await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.Welcome(AssessmentCardBuilder.SharedWelcome(), activity.Locale)), cancellationToken);
            Log.WelcomeSent(logger, "shared");
            return;
        }

        var user = activity.MembersAdded?.FirstOrDefault(m => m.Id is not null && m.Id != botId) ?? activity.From;
        if (user?.Id is not { } userId || userId == botId || log.Users.Contains(userId)
            || !await chat.Store.TryClaimWelcomeAsync(turn, userId, cancellationToken))
        {
            return;
        }

        await chat.Store.SetWelcomeAsync(turn, log with { Users = [.. log.Users, userId] }, cancellationToken);
        await SendPersonalWelcomeAsync(turn, user.Name ?? activity.From?.Name, cancellationToken);
        Log.WelcomeSent(logger, "personal");
    }

    public async Task OnWelcomeCommandAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Activity.IsSharedConversation())
        {
            await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.Welcome(AssessmentCardBuilder.SharedWelcome(), turn.Activity.Locale)), cancellationToken);
            return;
        }

        await SendPersonalWelcomeAsync(turn, turn.Activity.From?.Name, cancellationToken);
    }

    public async Task<AdaptiveCardInvokeResponse> OnWelcomeActionAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        await OnWelcomeCommandAsync(turn, cancellationToken);
        return AdaptiveCardInvokeResponse.Message(Text(turn, nameof(AssessmentStrings.CardBelow)));
    }

    private async Task SendPersonalWelcomeAsync(ITurnContext turn, string? name, CancellationToken cancellationToken)
    {
        var progress = await chat.Store.GetProgressAsync(turn, cancellationToken);
        var history = await chat.Store.GetHistoryAsync(turn, cancellationToken);
        var unfinished = progress is { IsComplete: false } ? progress.Step + 1 : (int?)null;
        var data = AssessmentCardBuilder.Welcome(name, unfinished, history.Items.Count);
        await turn.SendActivityAsync(AssessmentCards.Message(chat.Cards.Welcome(data, turn.Activity.Locale)), cancellationToken);
    }
}
