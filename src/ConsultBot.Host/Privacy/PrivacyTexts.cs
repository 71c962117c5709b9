using System.Globalization;
using System.Resources;

namespace ConsultBot.Host.Privacy;

/// <summary>The privacy feature's texts for an explicit locale (never the thread culture).</summary>
internal static class PrivacyTexts
{
    private static readonly ResourceManager Strings = new("ConsultBot.Host.Privacy.PrivacyStrings", typeof(PrivacyTexts).Assembly);

    public static string Get(string name, string? locale) =>
        Strings.GetString(name, CultureInfo.GetCultureInfo(Protocol.Turn.TurnLanguage.FromLocale(locale))) ?? name;

    public static string Format(string name, string? locale, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(name, locale), args);
}
