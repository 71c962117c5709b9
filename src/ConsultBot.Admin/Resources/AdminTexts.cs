using System.Globalization;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Admin.Resources;

/// <summary>The admin texts for an explicit locale; keys as <c>nameof(AdminStrings.X)</c>, so a mistyped key does not compile.</summary>
internal static class AdminTexts
{
    public static string Get(string name, string? locale) =>
        AdminStrings.ResourceManager.GetString(name, CultureInfo.GetCultureInfo(TurnLanguage.FromLocale(locale))) ?? name;

    public static string Format(string name, string? locale, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(name, locale), args);

    /// <summary>"pl" or "en": the language of the card texts.</summary>
    public static string Language(string? locale) => TurnLanguage.IsEnglish(TurnLanguage.FromLocale(locale)) ? "en" : "pl";
}
