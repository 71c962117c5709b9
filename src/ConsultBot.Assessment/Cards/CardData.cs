namespace ConsultBot.Assessment.Cards;

// The data bound to each template ($root), serialised camelCase. Texts that depend only on the
// locale live in cards/<name>.texts.json; these records carry what changes per user or model.
// Strings are never null ("" instead): an unresolved ${...} would stay in the card as literal text.

/// <summary>A line of text (objects rather than bare strings keep <c>$data</c> loops simple).</summary>
internal sealed record TextItem(string Text);

internal sealed record RecommendationCardData(
    string AssessmentId,
    string Model,
    string ModelName,
    string Leader,
    string Essence,
    int Score,
    int Fit,
    string FitLabel,
    IReadOnlyList<TextItem> Reasons,
    IReadOnlyList<TextItem> Cautions,
    RunnerUpData RunnerUp,
    IReadOnlyList<ScoreRow> Ranking,
    IReadOnlyList<TextItem> NextSteps,
    IReadOnlyList<AnswerRow> Answers,
    int Answered,
    int Total,
    bool Partial,
    string CompletedAt);

internal sealed record RunnerUpData(string Model, string Name, int Score, int Fit, int Gap, bool Close, string Why);

/// <param name="Fit">0–100, see <see cref="FitScale"/>.</param>
/// <param name="Bar">The fit as ten block characters: a styled column would be as tall as a line of text in Teams.</param>
internal sealed record ScoreRow(string Model, string Name, int Score, int Fit, string FitLabel, string Bar, bool Winner);

internal sealed record AnswerRow(string Label, string Value);

internal sealed record ModelDetailCardData(
    string Model,
    string Name,
    string Leader,
    string Essence,
    string Comparison,
    string Requirement,
    IReadOnlyList<TextItem> WhenItFits,
    IReadOnlyList<TextItem> Features,
    IReadOnlyList<PartnerTasksData> Partners,
    IReadOnlyList<TextItem> SuccessConditions,
    IReadOnlyList<BenefitGroupData> Benefits,
    bool Recommended);

internal sealed record PartnerTasksData(string Name, IReadOnlyList<TextItem> Tasks);

internal sealed record BenefitGroupData(string Audience, string Title, IReadOnlyList<TextItem> Items);

internal sealed record ComparisonCardData(IReadOnlyList<ComparisonRow> Models, string Recommended);

internal sealed record ComparisonRow(string Model, string Name, string Leader, string When, string Essence, bool Recommended);

internal sealed record ChecklistCardData(
    string Model,
    string ModelName,
    int Done,
    int Total,
    bool Saved,
    IReadOnlyList<ChecklistPartnerData> Partners);

internal sealed record ChecklistPartnerData(string Name, IReadOnlyList<ChecklistTaskData> Tasks);

internal sealed record ChecklistTaskData(string Id, string Text, bool Checked);

internal sealed record PartnerMapCardData(
    string Model,
    string ModelName,
    int Covered,
    int Required,
    bool HasGaps,
    bool Saved,
    IReadOnlyList<SectorToggleData> Sectors,
    IReadOnlyList<TextItem> Gaps);

internal sealed record SectorToggleData(string Id, string Name, bool Checked, bool Required);

internal sealed record AssessmentFormCardData(IReadOnlyList<FormQuestionData> Questions);

internal sealed record FormQuestionData(string Id, int Number, string Label, string Question, string Hint, string Value, IReadOnlyList<ChoiceData> Choices);

internal sealed record ChoiceData(string Title, string Value);

internal sealed record QuestionCardData(
    string Factor,
    int Step,
    int Total,
    string Question,
    string Hint,
    bool CanGoBack,
    string Current,
    IReadOnlyList<QuestionOptionData> Options,
    bool Closed = false,
    string Outcome = "",
    string AnswerTitle = "");

/// <summary>What closed a step-by-step question card (its buttons are gone; the chat shows what happened).</summary>
internal static class QuestionOutcome
{
    public const string Answer = "answer";
    public const string Skip = "skip";
    public const string Back = "back";
    public const string Help = "help";
    public const string Cancel = "cancel";
    public const string Stale = "stale";
}

internal sealed record QuestionOptionData(int Number, string Title, string Hint, string Value, bool Selected);

internal sealed record HistoryCardData(IReadOnlyList<HistoryItemData> Items, int Count, int Cap);

internal sealed record HistoryItemData(string Id, int Number, string Date, string ModelName, int Answered, int Total, string Mode);
