using System.Globalization;
using System.Text.Json.Serialization;
using ConsultBot.Dialogs;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Host.Tests;

internal sealed record SurveyAnswers(string? Size = null, decimal? Ngos = null, bool? Confirmed = null);

[JsonSerializable(typeof(SurveyAnswers))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class SurveyJsonContext : JsonSerializerContext;

/// <summary>
/// A three-question waterfall (choice, number, confirm) wired exactly as product features wire
/// theirs: dialog stack in conversation state, continued by the router before the commands.
/// </summary>
internal sealed class TestSurveyFeature : IBotFeature
{
    private readonly DialogSet _dialogs;
    private readonly IStatePropertyAccessor<DialogState> _stack;

    public TestSurveyFeature(ConversationState conversationState)
    {
        _stack = conversationState.CreateDialogStateProperty("testSurvey");
        _dialogs = new DialogSet(_stack)
            .Add(new ChoicePrompt("size"))
            .Add(new NumberPrompt("ngos"))
            .Add(new ConfirmPrompt("confirm"))
            .Add(new WaterfallDialog<SurveyAnswers>("survey", SurveyJsonContext.Default.SurveyAnswers)
                .AddStep("askSize", (step, ct) => step.PromptAsync("size", new PromptOptions
                {
                    Prompt = Activity.CreateMessageActivity("Jak duże jest miasto?"),
                    Choices = [new("small", "Małe"), new("medium", "Średnie"), new("large", "Duże")],
                }, ct))
                .AddStep("askNgos", (step, ct) => step.PromptAsync("ngos", PromptOptions.FromText("Ile organizacji pozarządowych działa?"),
                    step.State with { Size = step.ResultAs<FoundChoice>()?.Value }, ct))
                .AddStep("askConfirm", (step, ct) => step.PromptAsync("confirm", PromptOptions.FromText("Czy to się zgadza?"),
                    step.State with { Ngos = step.ResultAs<decimal>() }, ct))
                .AddStep("finish", async (step, ct) =>
                {
                    var answers = step.State with { Confirmed = step.ResultAs<bool>() };
                    await step.Context.SendActivityAsync(string.Create(CultureInfo.InvariantCulture, $"wynik: {answers.Size}|{answers.Ngos}|{answers.Confirmed}"), ct);
                    return await step.EndDialogAsync(null, ct);
                }));
    }

    public void Register(BotApplication app)
    {
        app.OnMessage(["test-survey"], (ctx, ct) => _dialogs.RunAsync(ctx, "survey", null, ct));
        app.OnDialog(IsActiveAsync, async (ctx, ct) =>
        {
            await _dialogs.RunAsync(ctx, "survey", null, ct);
            return DialogTurn.Handled;
        });
    }

    private async ValueTask<bool> IsActiveAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        if (!context.Activity.IsType(ActivityTypes.Message) || TextMatching.Fold(context.Activity.Text) == "test-survey")
        {
            return false;
        }

        var state = await _stack.GetAsync(context, null, cancellationToken);
        return state is { DialogStack.Count: > 0 };
    }
}
