using System.Collections.Concurrent;
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
internal sealed class LanguageMiddleware(UserState userState, TimeProvider timeProvider) : Protocol.Turn.IMiddleware
{
    // How long this instance trusts that the language it last read or wrote for a user is still the stored one.
    // Only another instance (or a deleted user state) can change it meanwhile; the window bounds that staleness.
    private static readonly TimeSpan KnownFor = TimeSpan.FromSeconds(30);
    private const int MaxKnownUsers = 50_000;

    private readonly IStatePropertyAccessor<string> _preferred = userState.CreateProperty("language", HostJsonContext.Default.String);
    private readonly ConcurrentDictionary<(string Channel, string User), (string Language, long Until)> _known = new();

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
                // The text decides: remembering it needs the user-state read only when it may differ from what is stored.
                if (!IsKnown(activity, detected))
                {
                    var stored = activity.From?.Id is null ? null : await _preferred.GetAsync(turnContext, null, cancellationToken).ConfigureAwait(false);
                    if (string.Equals(stored, detected, StringComparison.Ordinal))
                    {
                        Remember(activity, detected);
                    }
                    else
                    {
                        // Saved at the end of the turn; remembered only once a later read confirms it was stored.
                        await _preferred.SetAsync(turnContext, detected, cancellationToken).ConfigureAwait(false);
                    }
                }

                activity.Locale = detected;
            }
            else
            {
                var remembered = activity.From?.Id is null ? null : await _preferred.GetAsync(turnContext, null, cancellationToken).ConfigureAwait(false);
                if (remembered is not null)
                {
                    Remember(activity, remembered);
                }

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

    private bool IsKnown(Activity activity, string language) =>
        activity.ChannelId is { } channel && activity.From?.Id is { } user
        && _known.TryGetValue((channel, user), out var known)
        && string.Equals(known.Language, language, StringComparison.Ordinal)
        && known.Until > timeProvider.GetTimestamp();

    // Only values read back from storage are remembered, so a save that failed never leaves a wrong entry.
    private void Remember(Activity activity, string language)
    {
        if (activity.ChannelId is not { } channel || activity.From?.Id is not { } user)
        {
            return;
        }

        if (_known.Count >= MaxKnownUsers)
        {
            // Crude bound: forgetting only costs one user-state read per user.
            _known.Clear();
        }

        var until = timeProvider.GetTimestamp() + (long)(KnownFor.TotalSeconds * timeProvider.TimestampFrequency);
        _known[(channel, user)] = (language, until);
    }
}
