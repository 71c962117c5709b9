using System.Text.Json.Serialization;

namespace ConsultBot.Knowledge;

/// <summary>Publication state of an entry; only published entries are searchable.</summary>
public enum FaqStatus
{
    [JsonStringEnumMemberName("draft")]
    Draft,

    [JsonStringEnumMemberName("published")]
    Published,
}

/// <summary>One knowledge-base entry. Polish is the primary language; <see cref="Translations"/> holds other locales keyed by language code ("en").</summary>
public sealed record FaqEntry(
    string Id,
    string Question,
    IReadOnlyList<string> Alternatives,
    string Answer,
    string Category,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Related,
    string Source,
    string Language,
    FaqStatus Status,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    IReadOnlyDictionary<string, FaqTranslation>? Translations = null)
{
    /// <summary>The translation for <paramref name="locale"/> ("en", "en-GB"), or null when the entry has none.</summary>
    public FaqTranslation? TranslationFor(string locale)
    {
        var language = FaqLocale.Language(locale);
        if (language == Language || Translations is null)
        {
            return null;
        }

        return Translations.TryGetValue(language, out var translation) ? translation : null;
    }
}

/// <summary>A translated question, its phrasings and answer.</summary>
public sealed record FaqTranslation(string Question, IReadOnlyList<string> Alternatives, string Answer);

/// <summary>The versioned seed file: <c>Content/faq.pl-en.json</c>.</summary>
public sealed record FaqSeedDocument(int Version, string Description, IReadOnlyList<FaqEntry> Entries);

public enum FaqDecision
{
    /// <summary>Confident top hit: show it as the answer.</summary>
    [JsonStringEnumMemberName("answer")]
    Answer,

    /// <summary>Plausible but uncertain: offer up to three entries ("Czy chodziło o…").</summary>
    [JsonStringEnumMemberName("suggest")]
    Suggest,

    /// <summary>Nothing relevant: offer a consultant. Results are empty.</summary>
    [JsonStringEnumMemberName("none")]
    None,
}

/// <param name="Score">Raw BM25 score (comparable only within one query).</param>
/// <param name="Confidence">Calibrated 0..1 confidence that this entry answers the query.</param>
/// <param name="Locale">Language of <paramref name="Question"/>/<paramref name="Answer"/> ("pl" or "en").</param>
/// <param name="FallbackLanguage">True when the query was English but the entry has no English version, so Polish is returned.</param>
public sealed record FaqHit(
    string Id,
    string Question,
    string Answer,
    double Score,
    double Confidence,
    string Locale,
    bool FallbackLanguage,
    string Category,
    string Source,
    IReadOnlyList<string> Related);

public sealed record FaqSearchResponse(FaqDecision Decision, IReadOnlyList<FaqHit> Results)
{
    public static FaqSearchResponse Empty { get; } = new(FaqDecision.None, []);

    /// <summary>
    /// The best candidates the search looked at, with how much of the question each covers, also when none was good
    /// enough to show: a consultant who takes over sees what the bot considered, without a second search.
    /// </summary>
    public IReadOnlyList<FaqCandidate> Considered { get; init; } = [];
}

/// <summary>A candidate the search ranked: its entry and the (IDF-weighted) share of the question's words it covers.</summary>
public sealed record FaqCandidate(string Id, double Coverage);

/// <summary>Searches the knowledge base. Thread-safe.</summary>
public interface IFaqSearch
{
    /// <param name="query">The user's message as typed.</param>
    /// <param name="locale">Preferred answer language ("pl", "en", "en-US"...). English text is also detected from the query itself.</param>
    /// <param name="top">Maximum results for <see cref="FaqDecision.Answer"/>; suggestions are capped at three.</param>
    FaqSearchResponse Search(string query, string locale, int top = 5);
}

/// <summary>In-place index maintenance; safe to call while searches run.</summary>
public interface IFaqIndex
{
    /// <summary>Adds or replaces an entry. Draft entries are removed from the searchable index.</summary>
    void Upsert(FaqEntry entry);

    /// <returns>True if the entry was indexed.</returns>
    bool Remove(string id);

    /// <summary>Replaces the whole index atomically.</summary>
    void Rebuild(IEnumerable<FaqEntry> entries);

    /// <summary>Number of searchable entries.</summary>
    int Count { get; }
}

public static class FaqLocale
{
    public const string Polish = "pl";
    public const string English = "en";

    /// <summary>"en-GB" → "en"; empty → "pl".</summary>
    public static string Language(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return Polish;
        }

        var dash = locale.IndexOfAny(['-', '_']);
        return (dash > 0 ? locale[..dash] : locale).Trim().ToLowerInvariant();
    }
}
