namespace ConsultBot.Assessment;

/// <summary>
/// Every <c>Action.Execute</c> verb on the assessment's cards. <see cref="AskQuestion"/> and
/// <see cref="AskConsultant"/> sit on the welcome card but belong to the FAQ and hand-off features:
/// the assessment answers them only when nobody else registered them.
/// </summary>
public static class AssessmentVerbs
{
    /// <summary>Start the step-by-step assessment (or resume an unfinished one).</summary>
    public const string Start = "assessment.start";

    /// <summary>Throw away the unfinished assessment and start from question 1.</summary>
    public const string Restart = "assessment.restart";

    /// <summary>Show the one-card form with all nine questions.</summary>
    public const string ShowForm = "assessment.form";

    /// <summary>The form card was submitted (inputs named by factor id).</summary>
    public const string SubmitForm = "assessment.submitForm";

    /// <summary>A step-by-step answer: data <c>{factor, value, step}</c>.</summary>
    public const string Answer = "assessment.answer";

    /// <summary>"Nie wiem": leave this factor unanswered and go on.</summary>
    public const string Skip = "assessment.skip";

    /// <summary>Back to the previous question.</summary>
    public const string Back = "assessment.back";

    /// <summary>Cancel the assessment (kept for resuming later).</summary>
    public const string Cancel = "assessment.cancel";

    /// <summary>Help on the current question.</summary>
    public const string Help = "assessment.help";

    /// <summary>List the user's past assessments.</summary>
    public const string History = "assessment.history";

    /// <summary>Show one past assessment again: data <c>{assessmentId}</c>.</summary>
    public const string ShowResult = "assessment.result";

    /// <summary>Detail card of a model: data <c>{model}</c>.</summary>
    public const string ModelDetail = "models.detail";

    /// <summary>The four-model comparison.</summary>
    public const string Compare = "models.compare";

    /// <summary>Show the partner checklist: data <c>{model}</c>.</summary>
    public const string Checklist = "checklist.show";

    /// <summary>Save the checklist toggles: data <c>{model}</c> plus one input per task id.</summary>
    public const string ChecklistSave = "checklist.save";

    /// <summary>Show the partner map: data <c>{model}</c>.</summary>
    public const string PartnerMap = "partnerMap.show";

    /// <summary>Save the partner map toggles: data <c>{model}</c> plus <c>sector.{id}</c> inputs.</summary>
    public const string PartnerMapSave = "partnerMap.save";

    /// <summary>Welcome card: "Zadaj pytanie" (the FAQ feature's).</summary>
    public const string AskQuestion = "faq.ask";

    /// <summary>Welcome card: "Zapytaj konsultanta" (the hand-off feature's).</summary>
    public const string AskConsultant = "handoff.ask";

    /// <summary>Recommendation card: "Plan partnerstwa" (the workshop feature's printable plan).</summary>
    public const string PartnershipPlan = "workshop.plan";

    /// <summary>Verbs on the assessment's cards that other features answer.</summary>
    public static IReadOnlyList<string> Foreign { get; } = [AskQuestion, AskConsultant, PartnershipPlan];

    /// <summary>All verbs the assessment itself handles.</summary>
    public static IReadOnlyList<string> Owned { get; } =
    [
        Start, Restart, ShowForm, SubmitForm, Answer, Skip, Back, Cancel, Help, History, ShowResult,
        ModelDetail, Compare, Checklist, ChecklistSave, PartnerMap, PartnerMapSave,
    ];
}
