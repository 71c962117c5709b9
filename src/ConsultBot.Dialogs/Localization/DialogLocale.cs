using System.Globalization;

namespace ConsultBot.Dialogs;

/// <summary>The two languages of the bot: Polish by default, English when the activity's locale starts with <c>en</c>.</summary>
public static class DialogLocale
{
    /// <summary>Polish.</summary>
    public const string Polish = "pl";

    /// <summary>English.</summary>
    public const string English = "en";

    private static readonly CultureInfo PolishCulture = CultureInfo.GetCultureInfo(Polish);
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo(English);

    /// <summary>"en" for <c>en</c>, <c>en-US</c>, <c>en-GB</c>…; "pl" for anything else, missing included.</summary>
    public static string Resolve(string? activityLocale) =>
        activityLocale is not null && activityLocale.StartsWith(English, StringComparison.OrdinalIgnoreCase) ? English : Polish;

    /// <summary>The culture of a resolved locale.</summary>
    public static CultureInfo CultureOf(string locale) =>
        string.Equals(locale, English, StringComparison.Ordinal) ? EnglishCulture : PolishCulture;
}
