using System.Text.RegularExpressions;
using ConsultBot.Admin.Api;
using ConsultBot.Cards;
using ConsultBot.Knowledge;
using ConsultBot.Knowledge.Analysis;
using ConsultBot.Knowledge.Chat;
using ConsultBot.Knowledge.Search;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Admin.Faq;

/// <summary>
/// Checks on top of the store's validation: blocking (links https only, the rendered card within Teams' size) and
/// advisory (near-duplicate questions, competing entries that win another entry's phrasings, no English version).
/// </summary>
internal sealed partial class EntryChecks(IFaqCatalog catalog, KnowledgeLanguageData languageData, FaqCards cards)
{
    // Teams refuses a message over ~28 KB; the answer card carries the answer plus its buttons' data.
    public const int MaxCardBytes = 28 * 1024;

    [GeneratedRegex(@"\bhttp://", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlainHttp();

    public IReadOnlyList<FaqValidationError> Blocking(FaqEntry entry)
    {
        var errors = new List<FaqValidationError>();
        void Links(string field, string? text)
        {
            if (text is not null && PlainHttp().IsMatch(text))
            {
                errors.Add(new(field, "Links must use https://."));
            }
        }

        Links("answer", entry.Answer);
        Links("source", entry.Source);
        foreach (var (language, t) in entry.Translations ?? new Dictionary<string, FaqTranslation>())
        {
            Links($"translations.{language}.answer", t.Answer);
        }

        foreach (var language in new[] { FaqLocale.Polish, FaqLocale.English })
        {
            if (RenderCard(entry, language).Length > MaxCardBytes)
            {
                errors.Add(new(language == entry.Language ? "answer" : $"translations.{language}.answer", $"The answer card would exceed Teams' {MaxCardBytes / 1024} KB limit; shorten the answer."));
            }
        }

        return errors;
    }

    /// <summary>The answer card exactly as users get it (the same template and data as the chat).</summary>
    public string RenderCard(FaqEntry entry, string language) =>
        cards.RenderAnswer(AnswerView.FromEntry(entry, language), entry.Question, language).ToJsonString();

    public IReadOnlyList<AdminWarning> Advisory(FaqEntry entry)
    {
        var warnings = new List<AdminWarning>();
        if (entry.Language == FaqLocale.Polish && entry.TranslationFor(FaqLocale.English) is null)
        {
            warnings.Add(new("translations", "The entry has no English version; English questions get the Polish answer."));
        }

        var others = catalog.Published.Where(e => e.Id != entry.Id).ToArray();
        var mine = Words(entry.Question);
        foreach (var other in others)
        {
            var best = other.Alternatives.Prepend(other.Question).Max(q => Similarity(mine, Words(q)));
            if (best >= 0.7)
            {
                warnings.Add(new("question", $"Nearly the same question as entry '{other.Id}' (“{other.Question}”).", other.Id));
            }
        }

        // Competing entries: with this entry published, which entry wins each of its own phrasings?
        using var engine = new FaqSearchEngine(languageData, others.Append(entry with { Status = FaqStatus.Published }));
        foreach (var phrasing in entry.Alternatives.Prepend(entry.Question).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var response = engine.Search(phrasing, entry.Language, 3);
            if (response.Results.FirstOrDefault() is { } top && top.Id != entry.Id && warnings.All(w => w.OtherEntryId != top.Id || w.Field != "alternatives"))
            {
                warnings.Add(new("alternatives", $"“{phrasing}” is won by entry '{top.Id}' (“{top.Question}”), not by this one.", top.Id));
            }
        }

        return warnings;
    }

    /// <summary>
    /// Content words cut to five letters: a cheap stem that lets Polish inflections meet ("urzędników" / "urzędnicy")
    /// without the search engine's analysers, so grouping and duplicate checks do not depend on the index.
    /// </summary>
    internal static HashSet<string> Words(string text) =>
        [.. TextMatching.Fold(text).Split(Separators, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 2 && !StopWords.Contains(w))
            .Select(w => w.Length > 5 ? w[..5] : w)];

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "czy", "dla", "jak", "jaki", "jaka", "jakie", "jest", "sie", "nie", "ale", "lub", "oraz", "ten", "tej", "tym", "przez", "jesli", "gdzie", "kto", "co", "moze", "mozna",
        "the", "and", "for", "how", "what", "who", "can", "are", "does", "with",
    };

    internal static double Similarity(HashSet<string> a, HashSet<string> b) =>
        a.Count == 0 || b.Count == 0 ? 0 : (double)a.Intersect(b).Count() / a.Union(b).Count();

    private static readonly char[] Separators = [' ', ',', '.', '?', '!', ';', ':', '(', ')', '"', '\'', '-', '/', '\n', '\r', '\t', '„', '”', '“'];
}
