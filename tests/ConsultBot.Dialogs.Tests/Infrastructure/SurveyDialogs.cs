using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Dialogs.Tests.Infrastructure;

internal enum MunicipalitySize
{
    Small,
    Medium,
    Large,
}

/// <summary>Typed waterfall state: every answer has a typed slot.</summary>
internal sealed record SurveyAnswers(string? Name = null, MunicipalitySize? Size = null, decimal? Consultants = null, bool? WantsSummary = null);

[JsonSerializable(typeof(SurveyAnswers))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
internal sealed partial class TestJsonContext : JsonSerializerContext;

/// <summary>A four-question survey used across the tests: text → choice → number → confirm → summary.</summary>
internal static class SurveyDialogs
{
    public const string Survey = "survey";
    public const string Text = "text";
    public const string Choice = "choice";
    public const string Number = "number";
    public const string Confirm = "confirm";

    public const string AskName = "Jak się nazywa gmina?";
    public const string AskSize = "Jak duża jest gmina?";
    public const string AskConsultants = "Ilu konsultantów?";
    public const string AskSummary = "Wysłać podsumowanie?";
    public const string SizeHelp = "Mała: do 20 tys. mieszkańców, średnia: do 100 tys., duża: powyżej.";

    public static IReadOnlyList<Choice> Sizes { get; } =
    [
        new("Small", "Mały"),
        new("Medium", "Średni", ["sredniej wielkosci"]),
        new("Large", "Duży"),
    ];

    public static WaterfallDialog<SurveyAnswers> CreateSurvey(InterruptionOptions? interruptions = null, string id = Survey)
    {
        var dialog = new WaterfallDialog<SurveyAnswers>(id, TestJsonContext.Default.SurveyAnswers)
            .AddStep("askName", (step, ct) => step.PromptAsync(Text, PromptOptions.FromText(AskName), ct))
            .AddStep("askSize", (step, ct) => step.PromptAsync(
                Choice,
                new PromptOptions { Prompt = Activity.CreateMessageActivity(AskSize), Choices = Sizes, HelpText = SizeHelp },
                step.State with { Name = step.ResultAs<string>() },
                ct))
            .AddStep("askConsultants", (step, ct) => step.PromptAsync(
                Number,
                PromptOptions.FromText(AskConsultants),
                step.State with { Size = step.ResultAs<MunicipalitySize>() },
                ct))
            .AddStep("askSummary", (step, ct) => step.PromptAsync(
                Confirm,
                PromptOptions.FromText(AskSummary),
                step.State with { Consultants = step.ResultAs<decimal>() },
                ct))
            .AddStep("finish", async (step, ct) =>
            {
                var answers = step.State with { WantsSummary = step.ResultAs<bool>() };
                step.State = answers;
                await step.Context.SendActivityAsync(Describe(answers), ct);
                return await step.EndDialogAsync(JsonSerializer.SerializeToNode(answers, TestJsonContext.Default.SurveyAnswers), ct);
            });
        if (interruptions is not null)
        {
            dialog.Interruptions = interruptions;
        }

        return dialog;
    }

    public static string Describe(SurveyAnswers a) =>
        string.Create(CultureInfo.InvariantCulture, $"{a.Name}|{a.Size}|{a.Consultants}|{a.WantsSummary}");

    public static void AddPrompts(DialogSet dialogs)
    {
        dialogs.Add(new TextPrompt(Text)).Add(new ChoicePrompt(Choice)).Add(new NumberPrompt(Number)).Add(new ConfirmPrompt(Confirm));
    }

    public static Action<DialogSet> Setup(InterruptionOptions? interruptions = null) => dialogs =>
    {
        dialogs.Add(CreateSurvey(interruptions));
        AddPrompts(dialogs);
    };
}
