using ConsultBot.Assessment.Engine;

namespace ConsultBot.Assessment.Chat;

/// <summary>
/// The step-by-step assessment in progress (user state <c>assessment.progress</c>, mirrored in the dialog's own state).
/// Questions are asked in catalogue order, so the current index is all "wstecz" and resuming need.
/// </summary>
/// <param name="Id">Becomes the history id when the assessment completes.</param>
/// <param name="Step">0-based index of the question being asked.</param>
/// <param name="Revision">Grows with every change; a conversation holding an older copy adopts the newer one.</param>
internal sealed record AssessmentProgress(string Id, DateTimeOffset StartedAt, int Step, AssessmentAnswers Answers, int Revision = 0)
{
    public bool IsComplete => Step >= FactorCatalogue.All.Count;

    public FactorId CurrentFactor => (FactorId)Math.Min(Step, FactorCatalogue.All.Count - 1);

    /// <summary>
    /// Records the answer (null = "nie wiem") to the current question and moves to the next one not answered yet: those
    /// read from a description are not asked again. Later factors are otherwise always unanswered (questions go in order,
    /// "wstecz" clears the one it returns to), so the plain step-by-step path simply moves one on.
    /// </summary>
    public AssessmentProgress Answer(int? optionIndex)
    {
        var answers = Answers.WithIndex(CurrentFactor, optionIndex);
        return this with { Answers = answers, Step = NextOpen(answers, Step + 1), Revision = Revision + 1 };
    }

    /// <summary>A new assessment with the answers read from a description, at the first question still open.</summary>
    public AssessmentProgress WithKnown(AssessmentAnswers known) =>
        this with { Answers = known, Step = NextOpen(known, 0), Revision = Revision + 1 };

    private static int NextOpen(AssessmentAnswers answers, int from)
    {
        var step = from;
        while (step < FactorCatalogue.All.Count && answers.GetIndex((FactorId)step) is not null)
        {
            step++;
        }

        return step;
    }

    /// <summary>The previous question again, with its answer cleared.</summary>
    public AssessmentProgress Back()
    {
        var previous = (FactorId)(Step - 1);
        return this with { Answers = Answers.WithIndex(previous, null), Step = Step - 1, Revision = Revision + 1 };
    }

    public AssessmentProgress Restart() => this with { Answers = AssessmentAnswers.Empty, Step = 0, Revision = Revision + 1 };
}

/// <summary>One finished assessment (user state <c>assessment.history</c>).</summary>
/// <param name="Mode"><c>steps</c> or <c>form</c>.</param>
internal sealed record AssessmentRecord(string Id, DateTimeOffset CompletedAt, AssessmentAnswers Answers, CooperationModel Recommended, string Mode);

/// <summary>The user's finished assessments, newest first, at most <see cref="Cap"/>.</summary>
internal sealed record AssessmentHistory(IReadOnlyList<AssessmentRecord> Items)
{
    public const int Cap = 20;

    public static AssessmentHistory Empty { get; } = new([]);

    public AssessmentRecord? Latest => Items.Count > 0 ? Items[0] : null;

    public AssessmentHistory Add(AssessmentRecord record) =>
        new([record, .. Items.Where(i => i.Id != record.Id).Take(Cap - 1)]);

    public AssessmentRecord? Find(string? id) => Items.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal));
}

/// <summary>Ticked checklist tasks per model id (user state <c>assessment.checklists</c>).</summary>
internal sealed record ChecklistProgress(IReadOnlyDictionary<string, IReadOnlyList<string>> Models)
{
    public static ChecklistProgress Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal));

    public IReadOnlyList<string> For(CooperationModel model) =>
        Models.TryGetValue(CooperationModels.Key(model), out var ids) ? ids : [];

    public ChecklistProgress With(CooperationModel model, IReadOnlyList<string> ids) =>
        new(new Dictionary<string, IReadOnlyList<string>>(Models, StringComparer.Ordinal) { [CooperationModels.Key(model)] = ids });
}

/// <summary>
/// The sectors the city already works with (user state <c>assessment.partnerMap</c>). One set per user: it describes the
/// city, not a model; the gaps are computed against whichever model the card shows.
/// </summary>
internal sealed record PartnerMapProgress(IReadOnlyList<string> Sectors)
{
    public static PartnerMapProgress Empty { get; } = new([]);
}

