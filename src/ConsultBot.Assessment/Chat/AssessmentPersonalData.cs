using ConsultBot.Assessment.Engine;
using ConsultBot.Assessment.Resources;
using ConsultBot.Protocol.Privacy;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Assessment.Chat;

/// <summary>
/// The user's assessments (finished ones, the unfinished one, checklist and partner-map ticks), all in user state:
/// listed for "moje dane", removed for "usuń moje dane". The "welcomed" marker is the Welcome feature's.
/// </summary>
internal sealed class AssessmentPersonalData(AssessmentStore store) : IPersonalDataSource
{
    public async Task<IReadOnlyList<PersonalDataItem>> DescribeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var locale = turnContext.Activity.Locale;
        var items = new List<PersonalDataItem>();
        var history = await store.GetHistoryAsync(turnContext, cancellationToken);
        items.AddRange(history.Items.Select(r => new PersonalDataItem(PersonalDataCategories.Assessments,
            AssessmentTexts.Format(nameof(AssessmentStrings.PrivacyAssessment), locale, CooperationModels.Key(r.Recommended)), r.CompletedAt)));
        if (await store.GetProgressAsync(turnContext, cancellationToken) is { IsComplete: false } progress)
        {
            items.Add(new PersonalDataItem(PersonalDataCategories.Assessments,
                AssessmentTexts.Format(nameof(AssessmentStrings.PrivacyUnfinished), locale, progress.Step, FactorCatalogue.All.Count), progress.StartedAt));
        }

        var checklists = await store.GetChecklistsAsync(turnContext, cancellationToken);
        var map = await store.GetPartnerMapAsync(turnContext, cancellationToken);
        if (checklists.Models.Count > 0 || map.Sectors.Count > 0)
        {
            items.Add(new PersonalDataItem(PersonalDataCategories.Assessments, AssessmentTexts.Get(nameof(AssessmentStrings.PrivacyChecklists), locale)));
        }

        return items;
    }

    public Task<int> EraseAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return store.ClearUserAsync(turnContext, cancellationToken);
    }
}
