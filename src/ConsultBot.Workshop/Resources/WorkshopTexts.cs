using System.Globalization;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Workshop.Resources;

/// <summary>
/// The feature's texts for an explicit locale (never the thread culture). Keys are passed as
/// <c>nameof(WorkshopStrings.X)</c>, so a mistyped key does not compile.
/// </summary>
internal static class WorkshopTexts
{
    public static string Get(string name, string? locale)
    {
        var culture = CultureInfo.GetCultureInfo(TurnLanguage.FromLocale(locale));
        return WorkshopStrings.ResourceManager.GetString(name, culture) ?? name;
    }

    public static string Format(string name, string? locale, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(name, locale), args);

    /// <summary>"pl" or "en": the language of the card texts and of the plan page.</summary>
    public static string Language(string? locale) => TurnLanguage.IsEnglish(TurnLanguage.FromLocale(locale)) ? "en" : "pl";
}
