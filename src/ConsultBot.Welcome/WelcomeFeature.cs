namespace ConsultBot.Welcome;

/// <summary>
/// The welcome and help card: once when the app is installed or a person joins, on "pomoc" / "cześć" outside a dialog
/// (inside one the dialog's own help answers, since the router gives an active dialog the turn first), and from the
/// card's button. What the card says about the user's assessments comes from <see cref="IWelcomeFacts"/>.
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
        app.OnCardAction(WelcomeVerbs.Show, CardActionAccess.Anyone, (turn, _, ct) => _handlers.OnWelcomeActionAsync(turn, ct));
    }
}
