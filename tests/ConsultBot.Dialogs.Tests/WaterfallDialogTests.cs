using System.Text.Json.Nodes;
using ConsultBot.Dialogs.Tests.Infrastructure;
using ConsultBot.Protocol.Schema;
using static ConsultBot.Dialogs.Tests.Infrastructure.SurveyDialogs;

namespace ConsultBot.Dialogs.Tests;

public sealed class WaterfallDialogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Survey_collects_typed_answers_over_several_turns_and_completes_with_them()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out var bot)
            .Send("cześć").AssertReply(AskName)
            .Send("Gmina Kórnik").AssertReply(AskSize)
            .Send("średni").AssertReply(AskConsultants)
            .Send("3,5").AssertReply(AskSummary)
            .Send("tak").AssertReply("Gmina Kórnik|Medium|3.5|True")
            .AssertNoReply()
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Complete, bot.LastResult.Status);
        Assert.Equal("Medium", bot.LastResult.Result?["size"]?.GetValue<string>());
        Assert.Equal(3.5m, bot.LastResult.Result?["consultants"]?.GetValue<decimal>());
    }

    [Fact]
    public async Task Stack_and_typed_state_are_persisted_in_storage_between_turns()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out _)
            .Send("start").AssertReply(AskName)
            .Send("Gmina Kórnik").AssertReply(AskSize)
            .StartTestAsync(Ct);

        // Every turn used new ConversationState/DialogSet objects; only storage links them.
        var stored = await adapter.Storage.ReadAsync([$"{Channels.Test}/conversations/{adapter.ConversationId}"], Ct);
        var json = JsonNode.Parse(stored.Values.Single().Json)!;
        var stack = json["DialogState"]!["dialogStack"]!.AsArray();
        Assert.Equal([SurveyDialogs.Choice, Survey], stack.Select(d => d!["id"]!.GetValue<string>()));
        var survey = stack[1]!;
        Assert.Equal(1, survey["state"]!["stepIndex"]!.GetValue<int>());
        Assert.Equal("Gmina Kórnik", survey["state"]!["state"]!["name"]!.GetValue<string>());
        Assert.StartsWith("survey:5:", survey["version"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_message_activities_do_not_advance_a_waiting_prompt()
    {
        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, Setup(), Survey, out var bot)
            .Send("start").AssertReply(AskName)
            .Send(new Activity { Type = ActivityTypes.ConversationUpdate })
            .AssertNoReply()
            .Send("Gmina Kórnik").AssertReply(AskSize)
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Waiting, bot.Results[1].Status);
    }

    [Fact]
    public async Task Step_without_prompt_receives_the_next_message_text_as_result()
    {
        var dialog = new WaterfallDialog<SurveyAnswers>("echo", TestJsonContext.Default.SurveyAnswers)
            .AddStep("ask", async (step, ct) =>
            {
                await step.Context.SendActivityAsync("Napisz coś", ct);
                return step.EndOfTurn;
            })
            .AddStep("echo", async (step, ct) =>
            {
                await step.Context.SendActivityAsync("Echo: " + step.ResultAs<string>(), ct);
                return await step.NextAsync(JsonValue.Create(42), ct);
            });

        var adapter = new TestAdapter();
        await DialogTestBot.Flow(adapter, d => d.Add(dialog), "echo", out var bot)
            .Send("start").AssertReply("Napisz coś")
            .Send("ala").AssertReply("Echo: ala")
            .StartTestAsync(Ct);

        // Running past the last step ends the dialog with the last result.
        Assert.Equal(DialogTurnStatus.Complete, bot.LastResult.Status);
        Assert.Equal(42, bot.LastResult.Result!.GetValue<int>());
    }

    [Fact]
    public async Task A_step_cannot_move_on_twice()
    {
        var dialog = new WaterfallDialog<SurveyAnswers>("twice", TestJsonContext.Default.SurveyAnswers)
            .AddStep("bad", async (step, ct) =>
            {
                await step.NextAsync(null, ct);
                return await step.NextAsync(null, ct);
            });

        var adapter = new TestAdapter();
        var flow = DialogTestBot.Flow(adapter, d => d.Add(dialog), "twice", out _).Send("start");
        await Assert.ThrowsAsync<InvalidOperationException>(() => flow.StartTestAsync(Ct));
    }

    [Fact]
    public async Task Initial_state_factory_receives_the_begin_options()
    {
        var dialog = new WaterfallDialog<SurveyAnswers>(
                "withOptions",
                TestJsonContext.Default.SurveyAnswers,
                initialState: options => new SurveyAnswers(Name: options?["name"]?.GetValue<string>()))
            .AddStep("show", async (step, ct) =>
            {
                await step.Context.SendActivityAsync("Gmina: " + step.State.Name, ct);
                return await step.EndDialogAsync(null, ct);
            });

        var adapter = new TestAdapter();
        var conversationState = new ConsultBot.Protocol.State.ConversationState(adapter.Storage);
        var dialogs = new DialogSet(conversationState.CreateDialogStateProperty()).Add(dialog);
        await new TestFlow(adapter, (turn, ct) => dialogs.RunAsync(turn, "withOptions", new JsonObject { ["name"] = "Kórnik" }, ct))
            .Send("start").AssertReply("Gmina: Kórnik")
            .StartTestAsync(Ct);
    }

    [Fact]
    public async Task Bare_waterfall_run_on_its_own_explains_that_its_prompts_must_be_in_the_set()
    {
        var adapter = new TestAdapter();
        var state = new ConsultBot.Protocol.State.ConversationState(adapter.Storage);
        var flow = new TestFlow(adapter, (turn, ct) => CreateSurvey().RunAsync(turn, state.CreateDialogStateProperty(), ct)).Send("start");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flow.StartTestAsync(Ct));
        Assert.Contains("ComponentDialog", error.Message, StringComparison.Ordinal);
    }
}
