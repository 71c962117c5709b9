using ConsultBot.Dialogs.Tests.Infrastructure;
using ConsultBot.Protocol.Schema;
using static ConsultBot.Dialogs.Tests.Infrastructure.SurveyDialogs;

namespace ConsultBot.Dialogs.Tests;

public sealed class DefinitionChangeTests
{
    private const string Changed = "Ten formularz został w międzyczasie zaktualizowany, więc zaczynamy go od początku. Przepraszamy za kłopot.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WaterfallDialog<SurveyAnswers> TwoQuestions() => new WaterfallDialog<SurveyAnswers>(Survey, TestJsonContext.Default.SurveyAnswers)
        .AddStep("askName", (s, ct) => s.PromptAsync(Text, PromptOptions.FromText(AskName), ct))
        .AddStep("askSize", (s, ct) => s.PromptAsync(SurveyDialogs.Choice, new PromptOptions { Prompt = Activity.CreateMessageActivity(AskSize), Choices = Sizes }, ct))
        .AddStep("done", (s, ct) => s.EndDialogAsync(null, ct));

    [Fact]
    public async Task Waterfall_whose_steps_changed_between_deployments_restarts_with_an_explanation()
    {
        var adapter = new TestAdapter();
        var flow = DialogTestBot.Flow(adapter, d => { d.Add(TwoQuestions()); AddPrompts(d); }, Survey, out var bot);
        await flow
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Do(() => bot.AddDialogs = Setup()) // redeployed: the survey now has more steps
            .Send("średni").AssertReply(Changed).AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("średni").AssertReply(AskConsultants)
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Waiting, bot.LastResult.Status);
    }

    [Fact]
    public void Renamed_step_counts_as_a_definition_change()
    {
        Assert.NotEqual(
            TwoQuestions().GetVersion(),
            new WaterfallDialog<SurveyAnswers>(Survey, TestJsonContext.Default.SurveyAnswers)
                .AddStep("askName", (s, ct) => s.NextAsync(null, ct))
                .AddStep("askKind", (s, ct) => s.NextAsync(null, ct))
                .AddStep("done", (s, ct) => s.NextAsync(null, ct))
                .GetVersion());
        Assert.Equal(TwoQuestions().GetVersion(), TwoQuestions().GetVersion());
    }

    [Fact]
    public async Task Dialog_removed_from_the_bot_is_dropped_and_the_root_dialog_starts_fresh()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, d => { d.Add(CreateSurvey(id: "old")); AddPrompts(d); }, "old", out _)
            .Send("start").AssertReply(AskName)
            .StartTestAsync(Ct);

        // The new deployment's root dialog is "survey"; "old" is gone.
        var newBot = new DialogTestBot(adapter.Storage, d => { d.Add(TwoQuestions()); AddPrompts(d); }, Survey);
        await new TestFlow(adapter, newBot.OnTurnAsync)
            .Send("Kórnik").AssertReply(Changed).AssertReply(AskName)
            .StartTestAsync(Ct);
    }
}
