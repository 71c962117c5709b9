using ConsultBot.Protocol.Turn;
using ConsultBot.Workshop.Plan;
using ConsultBot.Workshop.Poll;
using ConsultBot.Workshop.Quiz;

namespace ConsultBot.Workshop;

/// <summary>
/// The webinar's own tools: the knowledge self-check (personal chat), the team partner poll (channel or group chat)
/// and the link to the printable partnership plan (from the recommendation card).
/// </summary>
public sealed class WorkshopFeature : IBotFeature
{
    internal static readonly string[] QuizCommands = ["quiz", "test wiedzy", "sprawdź wiedzę", "sprawdz wiedze", "knowledge check", "self-check", "test my knowledge"];
    internal static readonly string[] PollCommands = ["ankieta partnerów", "ankieta partnerow", "głosowanie partnerzy", "z kim współpracować", "partner poll", "poll partners"];

    private readonly QuizHandlers _quiz;
    private readonly PollHandlers _poll;
    private readonly PlanHandlers _plan;
    private readonly WorkshopGuard _guard;

    internal WorkshopFeature(QuizHandlers quiz, PollHandlers poll, PlanHandlers plan, WorkshopGuard guard)
    {
        _quiz = quiz;
        _poll = poll;
        _plan = plan;
        _guard = guard;
    }

    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Who may press what. Quiz and plan read the caller's own data: personal chat only. Votes are anyone's in the
        // poll's conversation (the handler checks the conversation); closing is the starter's alone.
        app.OnCardActions(new CardActionTable(_guard)
        {
            { WorkshopVerbs.QuizAnswer, CardActionAccess.PersonalChat, _quiz.OnAnswerAsync },
            { WorkshopVerbs.QuizNext, CardActionAccess.PersonalChat, _quiz.OnNextAsync },
            { WorkshopVerbs.PollVote, CardActionAccess.Anyone, _poll.OnVoteAsync },
            { WorkshopVerbs.PollRefresh, CardActionAccess.Anyone, _poll.OnRefreshAsync },
            { WorkshopVerbs.PollClose, CardActionAccess.Starter, _poll.OnCloseAsync },
            { WorkshopVerbs.PlanLink, CardActionAccess.PersonalChat, _plan.OnLinkAsync },
        });

        // First: a running assessment must not take "quiz" for an answer.
        app.OnMessage(QuizCommands, _quiz.OnStartAsync, RouteRank.First);
        app.OnMessage(PollCommands, _poll.OnStartAsync, RouteRank.First);
    }
}
