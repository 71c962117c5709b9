using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Cards;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using ConsultBot.Workshop.Cards;
using ConsultBot.Workshop.Quiz;
using ConsultBot.Workshop.Resources;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Workshop.Poll;

/// <summary>
/// The team partner poll: "ankieta partnerów" in a channel or group chat posts a card; votes (one per person, changeable)
/// return the same card with the bars updated, which Teams shows to everyone in the chat; the card's refresh action gives
/// each voter their own view; the one who started it closes it (the router checks that: <see cref="WorkshopGuard"/>).
/// </summary>
internal sealed class PollHandlers(PollStore polls, ICardRenderer cards, TimeProvider timeProvider, ILogger<PollHandlers> logger)
{
    private const int MaxRefreshUsers = 60;

    public async Task OnStartAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.From?.Id is not { Length: > 0 } userId || activity.Conversation?.Id is not { } conversationId)
        {
            return;
        }

        var poll = new TeamPoll(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            activity.ChannelId ?? "msteams",
            conversationId,
            userId,
            timeProvider.GetUtcNow(),
            new Dictionary<string, string>(StringComparer.Ordinal),
            Language: WorkshopTexts.Language(activity.Locale));
        await polls.CreateAsync(poll, cancellationToken);
        logger.PollStarted(poll.Id);
        if (!activity.IsSharedConversation())
        {
            await turnContext.SendActivityAsync(WorkshopTexts.Get(nameof(WorkshopStrings.PollBetterInTeam), activity.Locale), cancellationToken);
        }

        await QuizHandlers.SendCardAsync(turnContext, Render(poll, viewer: null, activity.Locale), cancellationToken);
    }

    public async Task<AdaptiveCardInvokeResponse> OnVoteAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var userId = activity.From?.Id ?? string.Empty;
        var option = request.GetString("option");
        var poll = await polls.GetAsync(request.GetString("poll"), cancellationToken);
        if (poll is null || !poll.LivesIn(activity.Conversation?.Id))
        {
            // Forged or foreign poll ids get the same answer as an expired poll: nothing about it is revealed.
            logger.VoteRefused(Cut(request.GetString("poll")), "unknown or elsewhere");
            return AdaptiveCardInvokeResponse.Message(WorkshopTexts.Get(nameof(WorkshopStrings.PollGone), activity.Locale));
        }

        if (option is null || !TeamPoll.Options.Contains(option))
        {
            return AdaptiveCardInvokeResponse.Card(Render(poll, userId, activity.Locale, WorkshopTexts.Get(nameof(WorkshopStrings.PollPickOne), activity.Locale)));
        }

        var changed = false;
        var updated = await polls.UpdateAsync(poll.Id, p =>
        {
            changed = !(p.Closed || (p.Votes.TryGetValue(userId, out var mine) && mine == option));
            return changed ? p.WithVote(userId, option) : null;
        }, cancellationToken) ?? poll;
        if (changed)
        {
            await ShowEveryoneAsync(turnContext, request, updated, cancellationToken);
        }

        return AdaptiveCardInvokeResponse.Card(Render(updated, userId, activity.Locale));
    }

    public async Task<AdaptiveCardInvokeResponse> OnRefreshAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var poll = await polls.GetAsync(request.GetString("poll"), cancellationToken);
        return poll is null || !poll.LivesIn(activity.Conversation?.Id)
            ? AdaptiveCardInvokeResponse.Message(WorkshopTexts.Get(nameof(WorkshopStrings.PollGone), activity.Locale))
            : AdaptiveCardInvokeResponse.Card(Render(poll, activity.From?.Id, activity.Locale));
    }

    /// <summary>Only reached by the starter, in the poll's conversation (the router asked <see cref="WorkshopGuard"/>).</summary>
    public async Task<AdaptiveCardInvokeResponse> OnCloseAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var now = timeProvider.GetUtcNow();
        var closed = await polls.UpdateAsync(request.GetString("poll") ?? string.Empty, p => p.Closed ? null : p with { ClosedAt = now }, cancellationToken);
        if (closed is null)
        {
            return AdaptiveCardInvokeResponse.Message(WorkshopTexts.Get(nameof(WorkshopStrings.PollGone), activity.Locale));
        }

        logger.PollClosed(closed.Id, closed.Votes.Count);
        await ShowEveryoneAsync(turnContext, request, closed, cancellationToken);
        return AdaptiveCardInvokeResponse.Card(Render(closed, activity.From?.Id, activity.Locale));
    }

    /// <summary>
    /// Teams shows an Action.Execute answer only to the person who clicked, and the refresh reaches only the listed
    /// voters; everyone else sees the posted card. So the posted card itself is replaced with the shared view (the bars,
    /// nobody's mark) after every change. A failed update costs only freshness: the vote is stored and the clicker sees it.
    /// </summary>
    private async Task ShowEveryoneAsync(ITurnContext turnContext, CardActionRequest request, TeamPoll poll, CancellationToken cancellationToken)
    {
        if (request.CardActivityId is not { Length: > 0 } cardId)
        {
            return;
        }

        var update = Activity.CreateMessageActivity();
        update.Id = cardId;
        update.Attachments = [Attachment.AdaptiveCard(Render(poll, viewer: null, poll.Language))];
        try
        {
            await turnContext.UpdateActivityAsync(update, cancellationToken);
        }
        catch (ConnectorException ex)
        {
            logger.PollCardNotUpdated(poll.Id, ex.StatusCode);
        }
    }

    /// <summary>The card for <paramref name="viewer"/> (their vote marked), or the shared view when null.</summary>
    internal JsonObject Render(TeamPoll poll, string? viewer, string? locale, string notice = "")
    {
        var language = WorkshopTexts.Language(locale);
        var counts = TeamPoll.Options.ToDictionary(o => o, o => poll.Votes.Values.Count(v => v == o), StringComparer.Ordinal);
        var max = counts.Values.DefaultIfEmpty(0).Max();
        var total = poll.Votes.Count;
        var mine = viewer is not null && poll.Votes.TryGetValue(viewer, out var vote) ? vote : string.Empty;
        var rows = TeamPoll.Options.Select(o => new PollRow(
            o,
            OptionName(o, language),
            counts[o],
            total == 0 ? 0 : (int)Math.Round(100.0 * counts[o] / total, MidpointRounding.AwayFromZero),
            Bars.Of(counts[o], max),
            o == mine,
            max > 0 && counts[o] == max)).ToArray();
        var refresh = poll.Closed ? [] : poll.Votes.Keys.Prepend(poll.StarterId).Distinct(StringComparer.Ordinal).Take(MaxRefreshUsers).ToArray();
        var data = new PollCardData(
            poll.Id,
            poll.Closed,
            total,
            mine.Length == 0 ? string.Empty : OptionName(mine, language),
            rows,
            [.. TeamPoll.Options.Select(o => new Choice(OptionName(o, language), o))],
            refresh);
        var node = JsonSerializer.SerializeToNode(data, WorkshopJsonContext.Default.PollCardData)!.AsObject();
        node["notice"] = notice;
        return cards.Render(WorkshopCardNames.Poll, node, language);
    }

    internal static string OptionName(string option, string language) =>
        WorkshopTexts.Get("PollOption_" + option, language);

    private static string Cut(string? value) => value is null ? "-" : value.Length <= 64 ? value : value[..64];
}

/// <summary>Counts for "moje dane" without revealing anything about the others in the poll.</summary>
internal static class PollCounts
{
    public static string Describe(int voted, int started, string? locale) =>
        WorkshopTexts.Format(nameof(WorkshopStrings.PersonalPolls), locale, voted.ToString(CultureInfo.InvariantCulture), started.ToString(CultureInfo.InvariantCulture));
}
