using System.Text.Json.Nodes;
using ConsultBot.Dialogs.Tests.Infrastructure;
using ConsultBot.Protocol.State;
using static ConsultBot.Dialogs.Tests.Infrastructure.SurveyDialogs;

namespace ConsultBot.Dialogs.Tests;

public sealed class ComponentDialogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The survey and its prompts packaged as one dialog, as the host's flows will be.</summary>
    private sealed class SurveyComponent : ComponentDialog
    {
        public SurveyComponent(string id = "surveyComponent")
            : base(id)
        {
            AddDialog(CreateSurvey());
            AddDialog(new TextPrompt(Text));
            AddDialog(new ChoicePrompt(SurveyDialogs.Choice));
            AddDialog(new NumberPrompt(Number));
            AddDialog(new ConfirmPrompt(Confirm));
        }
    }

    private static TestFlow RunComponent(TestAdapter adapter, Func<Dialog> createRoot, List<DialogTurnResult> results) =>
        new(adapter, async (turn, ct) =>
        {
            // New state and dialog objects every turn, as after a process restart.
            var state = new ConversationState(adapter.Storage);
            results.Add(await createRoot().RunAsync(turn, state.CreateDialogStateProperty(), ct));
            await state.SaveChangesAsync(turn, false, ct);
        });

    [Fact]
    public async Task Component_runs_its_inner_waterfall_and_ends_with_its_result()
    {
        var results = new List<DialogTurnResult>();
        await RunComponent(new TestAdapter(), () => new SurveyComponent(), results)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("1").AssertReply(AskConsultants)
            .Send("2").AssertReply(AskSummary)
            .Send("yes").AssertReply("Kórnik|Small|2|True")
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Complete, results[^1].Status);
        Assert.Equal("Small", results[^1].Result!["size"]!.GetValue<string>());
    }

    [Fact]
    public async Task Interruptions_inside_a_component_are_handled_by_the_inner_waterfall()
    {
        var results = new List<DialogTurnResult>();
        await RunComponent(new TestAdapter(), () => new SurveyComponent(), results)
            .Send("start").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("pomoc").AssertReply(SizeHelp).AssertReply(AskSize)
            .Send("3").AssertReply(AskConsultants)
            .Send("wstecz").AssertReply(AskSize)
            .Send("anuluj").AssertReply("Czy na pewno przerwać?")
            .Send("tak").AssertReplyContains("Przerwano")
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Cancelled, results[^1].Status);
    }

    [Fact]
    public async Task Component_started_from_a_parent_waterfall_returns_its_result_to_the_next_step()
    {
        var results = new List<DialogTurnResult>();
        Dialog CreateRoot()
        {
            var root = new ComponentDialog("root");
            root.AddDialog(new WaterfallDialog<SurveyAnswers>("main", TestJsonContext.Default.SurveyAnswers)
                .AddStep("intro", async (s, ct) =>
                {
                    await s.Context.SendActivityAsync("Zaczynamy ankietę.", ct);
                    return await s.BeginDialogAsync("surveyComponent", null, ct);
                })
                .AddStep("thanks", async (s, ct) =>
                {
                    var answers = s.ResultAs(TestJsonContext.Default.SurveyAnswers)!;
                    await s.Context.SendActivityAsync($"Dziękuję, {answers.Name}.", ct);
                    return await s.EndDialogAsync(JsonValue.Create("done"), ct);
                }));
            root.AddDialog(new SurveyComponent());
            return root;
        }

        await RunComponent(new TestAdapter(), CreateRoot, results)
            .Send("start").AssertReply("Zaczynamy ankietę.").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .Send("duży").AssertReply(AskConsultants)
            .Send("5").AssertReply(AskSummary)
            .Send("nie").AssertReply("Kórnik|Large|5|False").AssertReply("Dziękuję, Kórnik.")
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Complete, results[^1].Status);
        Assert.Equal("done", results[^1].Result!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_confirmed_in_a_nested_component_cancels_the_whole_stack()
    {
        var results = new List<DialogTurnResult>();
        Dialog CreateRoot()
        {
            var root = new ComponentDialog("root");
            root.AddDialog(new WaterfallDialog<SurveyAnswers>("main", TestJsonContext.Default.SurveyAnswers)
                .AddStep("start", (s, ct) => s.BeginDialogAsync("surveyComponent", null, ct))
                .AddStep("never", (s, ct) => throw new InvalidOperationException("The parent must not continue after a cancel.")));
            root.AddDialog(new SurveyComponent());
            return root;
        }

        await RunComponent(new TestAdapter(), CreateRoot, results)
            .Send("start").AssertReply(AskName)
            .Send("anuluj").AssertReply("Czy na pewno przerwać?")
            .Send("tak").AssertReplyContains("Przerwano")
            .AssertNoReply()
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Cancelled, results[^1].Status);
    }

    [Fact]
    public async Task Component_whose_inner_waterfall_changed_restarts_as_a_whole()
    {
        var adapter = new TestAdapter();
        var changed = false;
        Dialog CreateRoot()
        {
            var component = new ComponentDialog("surveyComponent");
            component.AddDialog(changed
                ? CreateSurvey()
                : new WaterfallDialog<SurveyAnswers>(Survey, TestJsonContext.Default.SurveyAnswers)
                    .AddStep("askName", (s, ct) => s.PromptAsync(Text, PromptOptions.FromText(AskName), ct)));
            component.AddDialog(new TextPrompt(Text)).AddDialog(new ChoicePrompt(SurveyDialogs.Choice));
            component.AddDialog(new NumberPrompt(Number)).AddDialog(new ConfirmPrompt(Confirm));
            return component;
        }

        await RunComponent(adapter, CreateRoot, [])
            .Send("start").AssertReply(AskName)
            .Do(() => changed = true)
            .Send("Kórnik").AssertReplyContains("zaktualizowany").AssertReply(AskName)
            .Send("Kórnik").AssertReply(AskSize)
            .StartTestAsync(Ct);
    }
}
