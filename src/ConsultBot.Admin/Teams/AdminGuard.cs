using ConsultBot.Admin.Resources;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Options;

namespace ConsultBot.Admin.Teams;

/// <summary>
/// An admin is a user in <c>Admin:Users</c> (the Entra object id Teams sends as <c>aadObjectId</c>), in the personal
/// chat: drafts and what users asked never go into a shared conversation.
/// </summary>
internal sealed class AdminGuard(IOptionsMonitor<AdminOptions> options) : ICardActionGuard
{
    public bool IsAdmin(Activity activity) =>
        !activity.IsSharedConversation()
        && activity.From?.AadObjectId is { Length: > 0 } oid
        && options.CurrentValue.Users.Any(u => string.Equals(u, oid, StringComparison.OrdinalIgnoreCase));

    public ValueTask<bool> IsAdminAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return ValueTask.FromResult(IsAdmin(turnContext.Activity));
    }

    public AdaptiveCardInvokeResponse? Refusal(ITurnContext turnContext, CardActionRequest request, CardActionAccess access)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return AdaptiveCardInvokeResponse.Message(AdminTexts.Get(nameof(AdminStrings.NotAnAdmin), turnContext.Activity.Locale));
    }
}
