using System.Globalization;
using System.Reflection;
using System.Resources;

namespace ConsultBot.Protocol.Turn;

/// <summary>
/// A feature's user-facing texts, read from its resx pair (Polish default, <c>.en</c>) for the turn's locale, never the
/// thread culture. <typeparamref name="TStrings"/> is the class the resx generator writes (StronglyTypedClassName), so keys
/// are typed: <c>ResxTexts&lt;HandoffStrings&gt;.Get(nameof(HandoffStrings.Greeting), locale)</c>. A project gives it a short
/// name with a global using alias (<c>global using HandoffTexts = …ResxTexts&lt;HandoffStrings&gt;;</c>).
/// </summary>
public static class ResxTexts<TStrings>
{
    private static readonly ResourceManager Strings =
        typeof(TStrings).GetProperty("ResourceManager", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(null) as ResourceManager
        ?? throw new InvalidOperationException($"{typeof(TStrings).FullName} is not a generated resx class (it has no static ResourceManager).");

    /// <summary>The generator's resource manager, e.g. for tests that compare the languages.</summary>
    public static ResourceManager ResourceManager => Strings;

    /// <summary>The text for the locale (Polish unless the locale is English). A key missing from the resx fails loudly.</summary>
    public static string Get(string key, string? locale) =>
        Strings.GetString(key, CultureInfo.GetCultureInfo(TurnLanguage.FromLocale(locale)))
        ?? throw new MissingManifestResourceException($"The text '{key}' is missing from {typeof(TStrings).Name}.resx.");

    public static string Format(string key, string? locale, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Get(key, locale), args);
}
