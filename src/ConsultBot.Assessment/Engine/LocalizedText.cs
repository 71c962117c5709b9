namespace ConsultBot.Assessment.Engine;

/// <summary>A text in Polish (the default) and English.</summary>
public sealed record LocalizedText(string Pl, string En)
{
    /// <summary>The text for a locale: English for any <c>en*</c> locale, Polish otherwise.</summary>
    public string Get(string? locale) => AssessmentLocales.IsEnglish(locale) ? En : Pl;
}

/// <summary>The locales the assessment speaks.</summary>
public static class AssessmentLocales
{
    public const string Polish = "pl";
    public const string English = "en";

    /// <summary>True for <c>en</c>, <c>en-US</c>, <c>en-GB</c>…; Polish is the fallback for everything else.</summary>
    public static bool IsEnglish(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>Maps any locale to <c>pl</c> or <c>en</c>.</summary>
    public static string Normalize(string? locale) => IsEnglish(locale) ? English : Polish;
}
