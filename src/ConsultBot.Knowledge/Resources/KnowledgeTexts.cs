using System.Globalization;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Knowledge.Resources;

/// <summary>The feature's user-facing texts for an explicit locale (never the thread culture).</summary>
internal static class KnowledgeTexts
{
    public static string Get(string name, string? locale)
    {
        var culture = CultureInfo.GetCultureInfo(TurnLanguage.FromLocale(locale));
        return KnowledgeStrings.ResourceManager.GetString(name, culture) ?? name;
    }

    public static string Format(string name, string? locale, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(name, locale), args);
}
