using System.Globalization;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Handoff.Resources;

/// <summary>The feature's user-facing texts for an explicit locale (never the thread culture).</summary>
internal static class HandoffTexts
{
    public static string Get(string name, string? locale)
    {
        var culture = CultureInfo.GetCultureInfo(TurnLanguage.FromLocale(locale));
        return HandoffStrings.ResourceManager.GetString(name, culture) ?? name;
    }

    public static string Format(string name, string? locale, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(name, locale), args);

    public static string UrgencyLabel(TicketUrgency urgency, string? locale) => Get("Urgency" + urgency, locale);

    public static string StatusLabel(TicketStatus status, string? locale) => Get("Status" + status, locale);
}
