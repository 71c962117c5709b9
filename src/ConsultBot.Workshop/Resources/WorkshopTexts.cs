using ConsultBot.Protocol.Turn;

namespace ConsultBot.Workshop.Resources;

/// <summary>
/// The feature's texts for an explicit locale (never the thread culture). Keys are passed as
/// <c>nameof(WorkshopStrings.X)</c>, so a mistyped key does not compile.
/// </summary>
internal static class WorkshopTexts
{
    /// <summary>The text for the locale; a key missing from the resx fails loudly (never shown to the user as a key).</summary>
    public static string Get(string name, string? locale) => ResxTexts<WorkshopStrings>.Get(name, locale);

    public static string Format(string name, string? locale, params object?[] args) =>
        ResxTexts<WorkshopStrings>.Format(name, locale, args);

    /// <summary>"pl" or "en": the language of the card texts and of the plan page.</summary>
    public static string Language(string? locale) => TurnLanguage.IsEnglish(TurnLanguage.FromLocale(locale)) ? "en" : "pl";
}
