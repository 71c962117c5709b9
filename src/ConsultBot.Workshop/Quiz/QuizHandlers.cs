using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Cards;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using ConsultBot.Workshop.Cards;
using ConsultBot.Workshop.Resources;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Workshop.Quiz;

/// <summary>
/// The knowledge self-check in the personal chat: one question per card, the answer explained with a link to its
/// knowledge-base entry, the score at the end and the progress kept per user.
/// </summary>
internal sealed class QuizHandlers(QuizStore store, ICardRenderer cards, TimeProvider timeProvider, ILogger<QuizHandlers> logger)
{
    public async Task OnStartAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var locale = activity.Locale;
        if (activity.IsSharedConversation() || activity.From?.Id is not { Length: > 0 } userId || activity.ChannelId is not { } channel)
        {
            await turnContext.SendActivityAsync(WorkshopTexts.Get(nameof(WorkshopStrings.QuizPersonalOnly), locale), cancellationToken);
            return;
        }

        var questions = (await store.ListAsync(cancellationToken)).Select(q => q.Value).Where(q => q.Enabled).ToArray();
        if (questions.Length == 0)
        {
            await turnContext.SendActivityAsync(WorkshopTexts.Get(nameof(WorkshopStrings.QuizEmpty), locale), cancellationToken);
            return;
        }

        var now = timeProvider.GetUtcNow();
        var progress = await store.GetProgressAsync(channel, userId, cancellationToken) ?? QuizProgress.Empty(now);
        progress = progress with { Run = new QuizRun([.. questions.Select(q => q.Id)], 0, 0, now), UpdatedAt = now };
        await store.SaveProgressAsync(channel, userId, progress, cancellationToken);
        await SendCardAsync(turnContext, Render(QuestionCard(questions[0], 1, questions.Length, progress, locale), locale), cancellationToken);
    }

    public async Task<AdaptiveCardInvokeResponse> OnAnswerAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (channel, userId, locale) = Caller(turnContext);
        var progress = await store.GetProgressAsync(channel, userId, cancellationToken);
        if (progress?.Run is not { } run || run.Position >= run.Questions.Count)
        {
            return AdaptiveCardInvokeResponse.Message(WorkshopTexts.Get(nameof(WorkshopStrings.QuizNotRunning), locale));
        }

        var current = await store.GetAsync(run.Questions[run.Position], cancellationToken);
        if (current is null)
        {
            // An admin removed it meanwhile: skip it.
            return await ShowNextAsync(channel, userId, progress with { Run = run with { Position = run.Position + 1 } }, locale, cancellationToken);
        }

        var question = current.Value;
        if (!string.Equals(request.GetString("question"), question.Id, StringComparison.Ordinal))
        {
            // A click on an older card: show where the quiz really is.
            return AdaptiveCardInvokeResponse.Card(Render(QuestionCard(question, run.Position + 1, run.Questions.Count, progress, locale), locale));
        }

        if (!int.TryParse(request.GetString("choice"), out var choice) || choice < 0 || choice >= question.Options.Count)
        {
            return AdaptiveCardInvokeResponse.Message(WorkshopTexts.Get(nameof(WorkshopStrings.QuizPickOne), locale));
        }

        var correct = choice == question.Correct;
        var mastered = correct && !progress.Mastered.Contains(question.Id) ? [.. progress.Mastered, question.Id] : progress.Mastered;
        run = run with { Position = run.Position + 1, Score = run.Score + (correct ? 1 : 0) };
        progress = progress with { Run = run, Mastered = mastered, UpdatedAt = timeProvider.GetUtcNow() };
        await store.SaveProgressAsync(channel, userId, progress, cancellationToken);

        var language = WorkshopTexts.Language(locale);
        var data = QuestionCard(question, run.Position, run.Questions.Count, progress, locale) with
        {
            State = "answered",
            Correct = correct,
            YourAnswer = CardText.Escape(question.Options[choice].Get(language)),
            CorrectAnswer = CardText.Escape(question.Options[question.Correct].Get(language)),
            Explanation = CardText.Escape(question.Explanation.Get(language)),
            Last = run.Position >= run.Questions.Count,
            Score = run.Score,
        };
        return AdaptiveCardInvokeResponse.Card(Render(data, locale));
    }

    public async Task<AdaptiveCardInvokeResponse> OnNextAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (channel, userId, locale) = Caller(turnContext);
        var progress = await store.GetProgressAsync(channel, userId, cancellationToken);
        return progress?.Run is null
            ? AdaptiveCardInvokeResponse.Message(WorkshopTexts.Get(nameof(WorkshopStrings.QuizNotRunning), locale))
            : await ShowNextAsync(channel, userId, progress, locale, cancellationToken);
    }

    private async Task<AdaptiveCardInvokeResponse> ShowNextAsync(string channel, string userId, QuizProgress progress, string? locale, CancellationToken cancellationToken)
    {
        var run = progress.Run!;
        while (run.Position < run.Questions.Count)
        {
            if (await store.GetAsync(run.Questions[run.Position], cancellationToken) is { } next)
            {
                if (run != progress.Run)
                {
                    await store.SaveProgressAsync(channel, userId, progress with { Run = run }, cancellationToken);
                }

                return AdaptiveCardInvokeResponse.Card(Render(QuestionCard(next.Value, run.Position + 1, run.Questions.Count, progress with { Run = run }, locale), locale));
            }

            run = run with { Position = run.Position + 1 };
        }

        // The end: the run becomes a result.
        var total = run.Questions.Count;
        progress = progress with
        {
            Run = null,
            Finished = progress.Finished + 1,
            Best = Math.Max(progress.Best, run.Score),
            LastScore = run.Score,
            LastTotal = total,
            UpdatedAt = timeProvider.GetUtcNow(),
        };
        await store.SaveProgressAsync(channel, userId, progress, cancellationToken);
        logger.QuizFinished(run.Score, total);
        var all = (await store.ListAsync(cancellationToken)).Count(q => q.Value.Enabled);
        var mastered = progress.Mastered.Count;
        var data = new QuizCardData("finished", string.Empty, total, total, string.Empty, [], false, string.Empty, string.Empty, string.Empty, string.Empty, true,
            run.Score, progress.Best, progress.Finished, mastered, Bars.Of(mastered, Math.Max(all, mastered)));
        return AdaptiveCardInvokeResponse.Card(Render(data, locale));
    }

    private static QuizCardData QuestionCard(QuizQuestion question, int number, int total, QuizProgress progress, string? locale)
    {
        var language = WorkshopTexts.Language(locale);
        return new QuizCardData(
            "question",
            question.Id,
            number,
            total,
            CardText.Escape(question.Question.Get(language)),
            [.. question.Options.Select((o, i) => new Choice(CardText.Escape(o.Get(language)), i.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
            false,
            string.Empty,
            string.Empty,
            string.Empty,
            question.EntryId,
            false,
            progress.Run?.Score ?? 0,
            progress.Best,
            progress.Finished,
            progress.Mastered.Count,
            Bars.Of(progress.Mastered.Count, Math.Max(total, progress.Mastered.Count)));
    }

    private JsonObject Render(QuizCardData data, string? locale) =>
        cards.Render(WorkshopCardNames.Quiz, JsonSerializer.SerializeToNode(data, WorkshopJsonContext.Default.QuizCardData), WorkshopTexts.Language(locale));

    private static (string Channel, string UserId, string? Locale) Caller(ITurnContext turnContext)
    {
        // PersonalChat access (checked by the router) guarantees a 1:1 chat; the ids come with every Teams activity.
        var activity = turnContext.Activity;
        return (activity.ChannelId ?? "msteams", activity.From?.Id ?? string.Empty, activity.Locale);
    }

    internal static async Task SendCardAsync(ITurnContext turnContext, JsonObject card, CancellationToken cancellationToken)
    {
        var message = Activity.CreateMessageActivity();
        message.Attachments = [Attachment.AdaptiveCard(card)];
        await turnContext.SendActivityAsync(message, cancellationToken);
    }
}
