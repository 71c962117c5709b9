using ConsultBot.Admin.Teams;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Admin;

/// <summary>
/// FAQ administration in Teams: <c>admin</c> in the personal chat opens the admin card for users in <c>Admin:Users</c>.
/// Every verb is restricted to admins in the router's table, so a forged invoke from anyone else never reaches a handler.
/// </summary>
public sealed class AdminFeature : IBotFeature
{
    internal static readonly string[] Commands = ["admin", "administracja", "administrator"];

    private readonly AdminCardHandlers _handlers;
    private readonly AdminGuard _guard;

    internal AdminFeature(AdminCardHandlers handlers, AdminGuard guard)
    {
        _handlers = handlers;
        _guard = guard;
    }

    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnCardActions(new CardActionTable(_guard)
        {
            { AdminVerbs.Search, CardActionAccess.Admin, _handlers.OnSearchAsync },
            { AdminVerbs.Open, CardActionAccess.Admin, _handlers.OnOpenAsync },
            { AdminVerbs.Save, CardActionAccess.Admin, _handlers.OnSaveAsync },
            { AdminVerbs.Preview, CardActionAccess.Admin, _handlers.OnPreviewAsync },
            { AdminVerbs.Publish, CardActionAccess.Admin, _handlers.OnPublishAsync },
            { AdminVerbs.History, CardActionAccess.Admin, _handlers.OnHistoryAsync },
            { AdminVerbs.Restore, CardActionAccess.Admin, _handlers.OnRestoreAsync },
            { AdminVerbs.Review, CardActionAccess.Admin, _handlers.OnReviewAsync },
            { AdminVerbs.ReviewPhrasings, CardActionAccess.Admin, _handlers.OnReviewPhrasingsAsync },
            { AdminVerbs.ReviewEntry, CardActionAccess.Admin, _handlers.OnReviewEntryAsync },
            { AdminVerbs.ReviewDismiss, CardActionAccess.Admin, _handlers.OnReviewDismissAsync },
        });

        // First: a running assessment must not take "admin" for an answer.
        app.OnMessage(Commands, _handlers.OnStartAsync, RouteRank.First);
    }
}
