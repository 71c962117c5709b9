using System.Globalization;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Host.Bot;

/// <summary>
/// Decides the turn's language and writes it into <see cref="Activity.Locale"/>, so every feature simply
/// reads the locale: what the person writes wins (and is remembered for button clicks), then the
/// remembered choice, then the client's locale; Polish by default.
/// </summary>
internal sealed class LanguageMiddleware(UserState userState) : Protocol.Turn.IMiddleware
{
    // The runner reads the user state with the turn's other scopes in one round trip, so asking it here costs no
    // I/O, and the write happens only when the language changed (BotState's dirty check). No cache of our own: an
    // in-process "already stored" cache went stale when the user state was erased (Art. 17) or expired, or was
    // changed by another host, and the next "2" was then answered in the client's language.
    private readonly IStatePropertyAccessor<string> _preferred = userState.CreateProperty("language", HostJsonContext.Default.String);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        if (activity.IsType(ActivityTypes.Message) || activity.IsType(ActivityTypes.Invoke) || activity.IsType(ActivityTypes.ConversationUpdate) || activity.IsType(ActivityTypes.InstallationUpdate))
        {
            var detected = TurnLanguage.DetectFromText(activity.Text);
            var remembered = activity.From?.Id is null ? null : await _preferred.GetAsync(turnContext, null, cancellationToken).ConfigureAwait(false);
            if (detected is not null && activity.From?.Id is not null && !string.Equals(remembered, detected, StringComparison.Ordinal))
            {
                // Saved with the turn's commit.
                await _preferred.SetAsync(turnContext, detected, cancellationToken).ConfigureAwait(false);
            }

            activity.Locale = detected ?? remembered ?? TurnLanguage.FromLocale(activity.Locale);
        }
        else
        {
            activity.Locale = TurnLanguage.FromLocale(activity.Locale);
        }

        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(activity.Locale);
        await next(cancellationToken).ConfigureAwait(false);
    }
}
