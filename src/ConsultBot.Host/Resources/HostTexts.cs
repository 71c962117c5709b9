using System.Globalization;

namespace ConsultBot.Host.Resources;

/// <summary>The host's user-facing texts for an explicit locale (never the thread culture).</summary>
internal static class HostTexts
{
    public static string Get(string name, string? locale)
    {
        var culture = CultureInfo.GetCultureInfo(Protocol.Turn.TurnLanguage.FromLocale(locale));
        return HostStrings.ResourceManager.GetString(name, culture) ?? name;
    }

    public static string Format(string name, string? locale, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(name, locale), args);
}
