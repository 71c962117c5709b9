using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;

namespace ConsultBot.Dialogs.Tests;

/// <summary>
/// A prompt with <see cref="Prompt{T}.RebuildOptions"/> stores no rendered question in conversation state; its retry,
/// help and recognition use options rebuilt from what the parent dialog keeps.
/// </summary>
public sealed class RebuiltPromptOptionsTests
{
    private const string Question = "Pytanie 1: jaki kolor ma herb?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Keeps only its step; the prompt's options are rebuilt from it.</summary>
    private sealed class QuizComponent : ComponentDialog
    {
        public QuizComponent()
            : base("quiz")
        {
            AddDialog(new ChoicePrompt("colour") { Style = ListStyle.List, RebuildOptions = Rebuild });
        }

        protected override Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, JsonNode? options, CancellationToken cancellationToken)
        {
            innerDc.Parent!.ActiveDialog!.State["step"] = 1;
            return innerDc.PromptAsync("colour", For(1), cancellationToken);
        }

        private static PromptOptions Rebuild(DialogContext promptDc) => For(promptDc.Parent!.ActiveDialog!.State["step"]!.GetValue<int>());

        private static PromptOptions For(int step) => new()
        {
            Prompt = Activity.CreateMessageActivity($"Pytanie {step}: jaki kolor ma herb?"),
            Choices = [new Choice("red", "Czerwony"), new Choice("blue", "Niebieski")],
            HelpText = $"Pomoc do pytania {step}: wybierz kolor z listy.",
        };
    }

    private static TestFlow Run(TestAdapter adapter, List<DialogTurnResult> results) =>
        new(adapter, async (turn, ct) =>
        {
            // New state and dialog objects every turn, as after a process restart.
            var state = new ConversationState(adapter.Storage);
            results.Add(await new QuizComponent().RunAsync(turn, state.CreateDialogStateProperty(), ct));
            await state.SaveChangesAsync(turn, false, ct);
        });

    [Fact]
    public async Task The_stored_prompt_keeps_no_rendered_question_and_still_retries_and_recognises()
    {
        var adapter = new TestAdapter();
        var results = new List<DialogTurnResult>();
        await Run(adapter, results)
            .Send("start").AssertReply(Question + "\n\n1. Czerwony\n2. Niebieski")
            .StartTestAsync(Ct);

        var stored = await adapter.Storage.ListAsync(string.Empty, 100, Ct);
        Assert.DoesNotContain(stored, row => row.Value.Json.Contains("herb", StringComparison.Ordinal));
        Assert.DoesNotContain(stored, row => row.Value.Json.Contains("Czerwony", StringComparison.Ordinal));

        await Run(adapter, results)
            .Send("zielony").AssertReplyContains(Question)
            .Send("niebieski").AssertNoReply()
            .StartTestAsync(Ct);

        Assert.Equal(DialogTurnStatus.Complete, results[^1].Status);
        Assert.Equal("blue", results[^1].Result!["value"]!.GetValue<string>());
    }
}
