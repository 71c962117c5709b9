namespace ConsultBot.Assessment.Cards;

/// <summary>Template names in <c>cards/</c>.</summary>
public static class AssessmentCardNames
{
    public const string Recommendation = "recommendation";
    public const string ModelDetail = "model-detail";
    public const string ModelComparison = "model-comparison";
    public const string Checklist = "checklist";
    public const string PartnerMap = "partner-map";
    public const string AssessmentForm = "assessment-form";
    public const string AssessmentQuestion = "assessment-question";
    public const string AssessmentHistory = "assessment-history";

    public static IReadOnlyList<string> All { get; } =
        [Recommendation, ModelDetail, ModelComparison, Checklist, PartnerMap, AssessmentForm, AssessmentQuestion, AssessmentHistory];
}
