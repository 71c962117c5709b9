using ConsultBot.Assessment.Chat;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Assessment;

/// <summary>
/// The welcome and help card: once when the app is installed or a person joins, on "pomoc" / "cześć" outside a dialog
/// (inside one the dialog's own help answers), and from the card's button. It lives next to the assessment because the
/// card offers to resume an unfinished assessment and counts the past ones.
/// </summary>
public sealed class WelcomeFeature : IBotFeature
{
    /// <summary>Commands answered with the welcome / help card outside a dialog.</summary>
    public static readonly string[] WelcomeCommands = ["pomoc", "help", "start", "cześć", "hej", "hello", "hi", "menu", "dzień dobry", "witam", "hey"];

    private readonly WelcomeHandlers _handlers;

    internal WelcomeFeature(WelcomeHandlers handlers) => _handlers = handlers;

    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnActivity(WelcomeHandlers.IsInstallEvent, _handlers.OnInstallAsync);
        app.OnMessage(WelcomeCommands, _handlers.OnWelcomeCommandAsync);
        app.OnCardAction(AssessmentVerbs.Welcome, CardActionAccess.Anyone, (turn, _, ct) => _handlers.OnWelcomeActionAsync(turn, ct));
    }
}
