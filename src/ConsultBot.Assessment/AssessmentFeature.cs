using ConsultBot.Assessment.Cards;
using ConsultBot.Assessment.Chat;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Assessment;

/// <summary>
/// The assessment in the chat: start commands and questions ("dobierz model", "jaki model współpracy wybrać?"), the
/// step-by-step dialog and the form, past assessments, model cards, checklists, partner maps. The welcome and help
/// card is the Welcome feature's (ConsultBot.Welcome); it learns of the user's assessments through <see cref="AssessmentWelcomeFacts"/>.
/// </summary>
public sealed class AssessmentFeature : IBotFeature
{
    /// <summary>The user's past assessments.</summary>
    public static readonly string[] HistoryCommands = ["moje oceny", "my assessments", "moje wyniki", "historia ocen", "assessment history"];

    /// <summary>The checklist of the last recommended model.</summary>
    public static readonly string[] ChecklistCommands = ["lista kontrolna", "checklist", "lista zadań", "moja lista", "my checklist"];

    /// <summary>The four-model comparison.</summary>
    public static readonly string[] CompareCommands = ["porównaj modele", "compare models", "porównanie modeli", "compare the models"];

    /// <summary>The one-card form with all nine questions.</summary>
    public static readonly string[] FormCommands = ["formularz oceny", "wszystkie pytania", "assessment form", "all questions"];

    private readonly AssessmentChat _chat;
    private readonly DialogHandlers _dialog;
    private readonly CommandHandlers _commands;
    private readonly CardActionHandlers _actions;

    internal AssessmentFeature(AssessmentChat chat, DialogHandlers dialog, CommandHandlers commands, CardActionHandlers actions)
    {
        _chat = chat;
        _dialog = dialog;
        _commands = commands;
        _actions = actions;
    }

    /// <summary>The start commands (exact, folded); questions in words are matched by a keyword matcher as well.</summary>
    public static IReadOnlyList<string> StartCommands => StartPhrases.Commands;

    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // A running assessment sees every personal message before the commands, so "pomoc", "anuluj", "wstecz" and
        // typed answers reach it; what is no answer goes on to the other routes and the question is asked again.
        app.OnDialog(_dialog.IsActiveAsync, _dialog.ContinueAsync);

        app.OnMessage(StartPhrases.Commands, _dialog.OnStartCommandAsync);
        app.OnMessage(HistoryCommands, _commands.OnHistoryCommandAsync);
        app.OnMessage(ChecklistCommands, _commands.OnChecklistCommandAsync);
        app.OnMessage(CompareCommands, _commands.OnCompareCommandAsync);
        app.OnMessage(FormCommands, _commands.OnFormCommandAsync);
        app.OnActivity(
            static turn => turn.Activity.IsType(ActivityTypes.Message) && StartPhrases.IsMatch(turn.Activity.Text),
            _dialog.StartFromTextAsync,
            name: "message asks which model fits (StartPhrases.IsMatch) → DialogHandlers.StartFromTextAsync");

        // A description of the city ending in "jaki model?": read what it says, ask only the rest.
        app.OnActivity(DialogHandlers.IsCityDescription, _dialog.StartFromTextAsync);

        // Who may press what: everything that reads or writes the caller's assessments (user state) or the dialog
        // (conversation state) only in the caller's personal chat; model cards and the welcome anywhere.
        // assessment.result looks the id up in the caller's own history only, so another user's id finds nothing.
        app.OnCardActions(new CardActionTable(_chat)
        {
            { AssessmentVerbs.Start, CardActionAccess.PersonalChat, (turn, _, ct) => _actions.OnStartActionAsync(turn, fresh: false, ct) },
            { AssessmentVerbs.Restart, CardActionAccess.PersonalChat, (turn, _, ct) => _actions.OnStartActionAsync(turn, fresh: true, ct) },
            { AssessmentVerbs.ShowForm, CardActionAccess.PersonalChat, _actions.OnShowFormAsync },
            { AssessmentVerbs.SubmitForm, CardActionAccess.PersonalChat, _actions.OnSubmitFormAsync },
            { AssessmentVerbs.Answer, CardActionAccess.PersonalChat, (turn, request, ct) => _actions.OnQuestionActionAsync(turn, request, QuestionOutcome.Answer, ct) },
            { AssessmentVerbs.Skip, CardActionAccess.PersonalChat, (turn, request, ct) => _actions.OnQuestionActionAsync(turn, request, QuestionOutcome.Skip, ct) },
            { AssessmentVerbs.Back, CardActionAccess.PersonalChat, (turn, request, ct) => _actions.OnQuestionActionAsync(turn, request, QuestionOutcome.Back, ct) },
            { AssessmentVerbs.Cancel, CardActionAccess.PersonalChat, (turn, request, ct) => _actions.OnQuestionActionAsync(turn, request, QuestionOutcome.Cancel, ct) },
            { AssessmentVerbs.Help, CardActionAccess.PersonalChat, (turn, request, ct) => _actions.OnQuestionActionAsync(turn, request, QuestionOutcome.Help, ct) },
            { AssessmentVerbs.History, CardActionAccess.PersonalChat, _actions.OnHistoryActionAsync },
            { AssessmentVerbs.ShowResult, CardActionAccess.PersonalChat, _actions.OnShowResultAsync },
            { AssessmentVerbs.Checklist, CardActionAccess.PersonalChat, (turn, request, ct) => _actions.OnChecklistActionAsync(turn, request, save: false, ct) },
            { AssessmentVerbs.ChecklistSave, CardActionAccess.PersonalChat, (turn, request, ct) => _actions.OnChecklistActionAsync(turn, request, save: true, ct) },
            { AssessmentVerbs.PartnerMap, CardActionAccess.PersonalChat, (turn, request, ct) => _actions.OnPartnerMapActionAsync(turn, request, save: false, ct) },
            { AssessmentVerbs.PartnerMapSave, CardActionAccess.PersonalChat, (turn, request, ct) => _actions.OnPartnerMapActionAsync(turn, request, save: true, ct) },

            // Public content; in a shared conversation they never highlight "your" model (LatestModelAsync).
            { AssessmentVerbs.ModelDetail, CardActionAccess.Anyone, _actions.OnModelDetailAsync },
            { AssessmentVerbs.Compare, CardActionAccess.Anyone, _actions.OnCompareActionAsync },
        });
    }
}
