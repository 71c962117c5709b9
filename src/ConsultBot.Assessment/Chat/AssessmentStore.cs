using ConsultBot.Dialogs;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Assessment.Chat;

/// <summary>
/// The assessment's state properties. User state (follows the person into any conversation and survives restarts):
/// <c>assessment.progress</c>, <c>assessment.history</c>, <c>assessment.checklists</c>, <c>assessment.partnerMap</c>.
/// Conversation state: <c>assessment.dialogs</c> (the dialog stack).
/// The host saves both at the end of the turn.
/// </summary>
internal sealed class AssessmentStore
{
    public const string ProgressProperty = "assessment.progress";
    public const string HistoryProperty = "assessment.history";
    public const string ChecklistsProperty = "assessment.checklists";
    public const string PartnerMapProperty = "assessment.partnerMap";
    public const string DialogsProperty = "assessment.dialogs";

    private readonly IStatePropertyAccessor<AssessmentProgress> _progress;
    private readonly IStatePropertyAccessor<AssessmentHistory> _history;
    private readonly IStatePropertyAccessor<ChecklistProgress> _checklists;
    private readonly IStatePropertyAccessor<PartnerMapProgress> _partnerMap;

    public AssessmentStore(UserState userState, ConversationState conversationState)
    {
        ArgumentNullException.ThrowIfNull(userState);
        ArgumentNullException.ThrowIfNull(conversationState);
        var json = AssessmentJsonContext.Default;
        _progress = userState.CreateProperty(ProgressProperty, json.AssessmentProgress);
        _history = userState.CreateProperty(HistoryProperty, json.AssessmentHistory);
        _checklists = userState.CreateProperty(ChecklistsProperty, json.ChecklistProgress);
        _partnerMap = userState.CreateProperty(PartnerMapProperty, json.PartnerMapProgress);
        Dialogs = conversationState.CreateDialogStateProperty(DialogsProperty);
    }

    public IStatePropertyAccessor<DialogState> Dialogs { get; }

    public Task<AssessmentProgress?> GetProgressAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        _progress.GetAsync(turn, null, cancellationToken);

    public Task SetProgressAsync(ITurnContext turn, AssessmentProgress? progress, CancellationToken cancellationToken) =>
        progress is null ? _progress.DeleteAsync(turn, cancellationToken) : _progress.SetAsync(turn, progress, cancellationToken);

    public async Task<AssessmentHistory> GetHistoryAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        await _history.GetAsync(turn, null, cancellationToken) ?? AssessmentHistory.Empty;

    public Task SetHistoryAsync(ITurnContext turn, AssessmentHistory history, CancellationToken cancellationToken) =>
        _history.SetAsync(turn, history, cancellationToken);

    public async Task<ChecklistProgress> GetChecklistsAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        await _checklists.GetAsync(turn, null, cancellationToken) ?? ChecklistProgress.Empty;

    public Task SetChecklistsAsync(ITurnContext turn, ChecklistProgress value, CancellationToken cancellationToken) =>
        _checklists.SetAsync(turn, value, cancellationToken);

    public async Task<PartnerMapProgress> GetPartnerMapAsync(ITurnContext turn, CancellationToken cancellationToken) =>
        await _partnerMap.GetAsync(turn, null, cancellationToken) ?? PartnerMapProgress.Empty;

    public Task SetPartnerMapAsync(ITurnContext turn, PartnerMapProgress value, CancellationToken cancellationToken) =>
        _partnerMap.SetAsync(turn, value, cancellationToken);

    /// <summary>Removes everything the assessment keeps about the turn's user (user state); returns how many finished assessments went.</summary>
    public async Task<int> ClearUserAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var count = (await GetHistoryAsync(turn, cancellationToken)).Items.Count;
        await _progress.DeleteAsync(turn, cancellationToken);
        await _history.DeleteAsync(turn, cancellationToken);
        await _checklists.DeleteAsync(turn, cancellationToken);
        await _partnerMap.DeleteAsync(turn, cancellationToken);
        return count;
    }
}
