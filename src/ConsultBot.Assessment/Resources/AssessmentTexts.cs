using System.Globalization;
using System.Resources;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Assessment.Resources;

/// <summary>The chat's user-facing texts (Resources/AssessmentStrings*.resx) for an explicit locale, never the thread culture.</summary>
internal static class AssessmentTexts
{
    private static readonly ResourceManager Strings = new("ConsultBot.Assessment.Resources.AssessmentStrings", typeof(AssessmentTexts).Assembly);

    public static string Get(string name, string? locale) =>
        Strings.GetString(name, CultureInfo.GetCultureInfo(TurnLanguage.FromLocale(locale)))
        ?? throw new MissingManifestResourceException($"Assessment string '{name}' is missing from AssessmentStrings.resx.");

    public static string Format(string name, string? locale, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(name, locale), args);
}
