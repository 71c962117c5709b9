using ConsultBot.Assessment.Cards;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Assessment.Chat;

/// <summary>
/// The assessment in the chat: start commands and questions ("dobierz model", "jaki model współpracy wybrać?"), the
/// step-by-step dialog and the form, past assessments, model cards, checklists, partner maps and the welcome.
/// </summary>
public sealed class AssessmentFeature : IBotFeature
{
    /// <summary>Commands answered with the welcome / help card outside a dialog.</summary>
    public static readonly string[] WelcomeCommands = ["pomoc", "help", "start", "cześć", "hej", "hello", "hi", "menu", "dzień dobry", "witam", "hey"];

    /// <summary>The user's past assessments.</summary>
    public static readonly string[] HistoryCommands = ["moje oceny", "my assessments", "moje wyniki", "historia ocen", "assessment history"];

    /// <summary>The checklist of the last recommended model.</summary>
    public static readonly string[] ChecklistCommands = ["lista kontrolna", "checklist", "lista zadań", "moja lista", "my checklist"];

    /// <summary>The four-model comparison.</summary>
    public static readonly string[] CompareCommands = ["porównaj modele", "compare models", "porównanie modeli", "compare the models"];

    /// <summary>The one-card form with all nine questions.</summary>
    public static readonly string[] FormCommands = ["formularz oceny", "wszystkie pytania", "assessment form", "all questions"];

    private readonly AssessmentChat _chat;

    internal AssessmentFeature(AssessmentChat chat) => _chat = chat;

    /// <summary>The start commands (exact, folded); questions in words are matched by a keyword matcher as well.</summary>
    public static IReadOnlyList<string> StartCommands => StartPhrases.Commands;

    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // A running assessment sees every personal message first, so "pomoc", "anuluj", "wstecz" and typed answers
        // reach it before the global commands; with none running the turn goes straight back to the router.
        app.OnActivity(AssessmentChat.IsDialogCandidate, (turn, ct) => _chat.ContinueOrPassAsync(turn, app, ct), RouteRank.First);

        app.OnActivity(AssessmentChat.IsInstallEvent, _chat.OnInstallAsync);
        app.OnMessage(StartPhrases.Commands, (turn, ct) => _chat.StartAsync(turn, fresh: false, ct));
        app.OnMessage(HistoryCommands, _chat.OnHistoryCommandAsync);
        app.OnMessage(ChecklistCommands, _chat.OnChecklistCommandAsync);
        app.OnMessage(CompareCommands, _chat.OnCompareCommandAsync);
        app.OnMessage(FormCommands, _chat.OnFormCommandAsync);
        app.OnMessage(WelcomeCommands, _chat.OnWelcomeCommandAsync);
        app.OnActivity(
            static turn => turn.Activity.IsType(ActivityTypes.Message) && StartPhrases.IsMatch(turn.Activity.Text),
            _chat.StartFromTextAsync);

        // A description of the city ending in "jaki model?": read what it says, ask only the rest.
        app.OnActivity(AssessmentChat.IsCityDescription, _chat.StartFromTextAsync);

        app.OnCardAction(AssessmentVerbs.Start, (turn, _, ct) => _chat.OnStartActionAsync(turn, fresh: false, ct));
        app.OnCardAction(AssessmentVerbs.Restart, (turn, _, ct) => _chat.OnStartActionAsync(turn, fresh: true, ct));
        app.OnCardAction(AssessmentVerbs.ShowForm, _chat.OnShowFormAsync);
        app.OnCardAction(AssessmentVerbs.SubmitForm, _chat.OnSubmitFormAsync);
        app.OnCardAction(AssessmentVerbs.Answer, (turn, request, ct) => _chat.OnQuestionActionAsync(turn, request, QuestionOutcome.Answer, ct));
        app.OnCardAction(AssessmentVerbs.Skip, (turn, request, ct) => _chat.OnQuestionActionAsync(turn, request, QuestionOutcome.Skip, ct));
        app.OnCardAction(AssessmentVerbs.Back, (turn, request, ct) => _chat.OnQuestionActionAsync(turn, request, QuestionOutcome.Back, ct));
        app.OnCardAction(AssessmentVerbs.Cancel, (turn, request, ct) => _chat.OnQuestionActionAsync(turn, request, QuestionOutcome.Cancel, ct));
        app.OnCardAction(AssessmentVerbs.Help, (turn, request, ct) => _chat.OnQuestionActionAsync(turn, request, QuestionOutcome.Help, ct));
        app.OnCardAction(AssessmentVerbs.History, _chat.OnHistoryActionAsync);
        app.OnCardAction(AssessmentVerbs.ShowResult, _chat.OnShowResultAsync);
        app.OnCardAction(AssessmentVerbs.ModelDetail, _chat.OnModelDetailAsync);
        app.OnCardAction(AssessmentVerbs.Compare, _chat.OnCompareActionAsync);
        app.OnCardAction(AssessmentVerbs.Checklist, (turn, request, ct) => _chat.OnChecklistActionAsync(turn, request, save: false, ct));
        app.OnCardAction(AssessmentVerbs.ChecklistSave, (turn, request, ct) => _chat.OnChecklistActionAsync(turn, request, save: true, ct));
        app.OnCardAction(AssessmentVerbs.PartnerMap, (turn, request, ct) => _chat.OnPartnerMapActionAsync(turn, request, save: false, ct));
        app.OnCardAction(AssessmentVerbs.PartnerMapSave, (turn, request, ct) => _chat.OnPartnerMapActionAsync(turn, request, save: true, ct));
        app.OnCardAction(AssessmentVerbs.Welcome, (turn, _, ct) => _chat.OnWelcomeActionAsync(turn, ct));
    }
}
