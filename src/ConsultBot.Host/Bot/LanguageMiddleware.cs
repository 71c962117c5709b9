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
    private readonly IStatePropertyAccessor<string> _preferred = userState.CreateProperty("language", HostJsonContext.Default.String);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        if (activity.IsType(ActivityTypes.Message) || activity.IsType(ActivityTypes.Invoke) || activity.IsType(ActivityTypes.ConversationUpdate) || activity.IsType(ActivityTypes.InstallationUpdate))
        {
            var detected = TurnLanguage.DetectFromText(activity.Text);
            if (detected is not null)
            {
                await _preferred.SetAsync(turnContext, detected, cancellationToken).ConfigureAwait(false);
                activity.Locale = detected;
            }
            else
            {
                var remembered = activity.From?.Id is null ? null : await _preferred.GetAsync(turnContext, null, cancellationToken).ConfigureAwait(false);
                activity.Locale = remembered ?? TurnLanguage.FromLocale(activity.Locale);
            }
        }
        else
        {
            activity.Locale = TurnLanguage.FromLocale(activity.Locale);
        }

        var culture = CultureInfo.GetCultureInfo(activity.Locale);
        CultureInfo.CurrentUICulture = culture;
        await next(cancellationToken).ConfigureAwait(false);
    }
}
