using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lucene.Net.Analysis.Hunspell;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace ConsultBot.Knowledge.Analysis;

/// <summary>Shape of <c>Content/synonyms.pl.json</c>. Keys and words may carry diacritics; they are folded on load.</summary>
/// <param name="Abbreviations">Surface expansions applied before stemming (jst → jednostka samorządu terytorialnego). Multi-word keys allowed.</param>
/// <param name="Groups">Concept groups applied after stemming, so inflected forms match (uchodźców ~ migrantów). Write members as lemmas.</param>
public sealed record SynonymData(
    [property: JsonPropertyName("abbreviations")] IReadOnlyDictionary<string, IReadOnlyList<string>> Abbreviations,
    [property: JsonPropertyName("groups")] IReadOnlyList<IReadOnlyList<string>> Groups);

/// <summary>
/// Language data for the Polish analysis chain: folded stopwords, synonyms and the pruned, diacritics-folded
/// Hunspell dictionary. Loading costs a few hundred ms, so load once and share (it is immutable and thread-safe).
/// </summary>
public sealed class KnowledgeLanguageData
{
    internal const string AffResource = "hunspell.pl_PL.folded.aff";
    internal const string DicResource = "hunspell.pl_PL.folded.dic";

    internal KnowledgeLanguageData(CharArraySet stopwords, SynonymData synonyms, Dictionary? hunspell, TimeSpan loadTime, IReadOnlyCollection<string>? lightWords = null, IReadOnlyDictionary<string, string>? glossary = null)
    {
        Stopwords = stopwords;
        LightWords = lightWords ?? [];
        Glossary = glossary ?? new Dictionary<string, string>();
        Synonyms = synonyms;
        Hunspell = hunspell;
        StemCache = hunspell is null ? null : new StemCache(hunspell);
        LoadTime = loadTime;
        AbbreviationMap = BuildAbbreviationMap(synonyms);
        Abbreviations = BuildSingleWordAbbreviations(synonyms, stopwords);
    }

    internal CharArraySet Stopwords { get; }

    internal SynonymData Synonyms { get; }

    /// <summary>Folded words that shape a question but not its topic (<c>Content/light-words.txt</c>); the engine stems them itself.</summary>
    internal IReadOnlyCollection<string> LightWords { get; }

    /// <summary>English word (lower-case, as written) → Polish words (<c>Content/glossary.en-pl.txt</c>): the cross-lingual fall-back.</summary>
    internal IReadOnlyDictionary<string, string> Glossary { get; }

    internal SynonymMap? AbbreviationMap { get; }

    /// <summary>Single-word abbreviation → the words of its expansions, stacked on the abbreviation's own position.</summary>
    internal IReadOnlyDictionary<string, string[]> Abbreviations { get; }

    internal Dictionary? Hunspell { get; }

    internal StemCache? StemCache { get; }

    /// <summary>Time spent loading the data (dominated by the dictionary).</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Loads everything from the resources embedded in this assembly.</summary>
    public static KnowledgeLanguageData LoadEmbedded() => LoadEmbedded(null);

    /// <summary>
    /// Loads everything from the embedded resources. The dictionary dominates and is single-threaded, so
    /// <paramref name="alongside"/> runs on another core meanwhile with the data that is ready without it
    /// (stopwords, synonyms, light words; <see cref="Hunspell"/> is null there), e.g. a JIT warm-up.
    /// </summary>
    internal static KnowledgeLanguageData LoadEmbedded(Action<KnowledgeLanguageData>? alongside)
    {
        var start = Stopwatch.GetTimestamp();
        var hunspell = Task.Run(() =>
        {
            using var aff = FaqSeedLoader.OpenResource(AffResource);
            using var dic = FaqSeedLoader.OpenResource(DicResource);
            return LoadHunspell(aff, dic);
        });
        var stopwords = ReadStopwords(FaqSeedLoader.OpenResource("stopwords.pl.txt"));
        var light = ReadWords(FaqSeedLoader.OpenResource("light-words.txt"));
        var glossary = ReadGlossary(FaqSeedLoader.OpenResource("glossary.en-pl.txt"));
        SynonymData synonyms;
        using (var s = FaqSeedLoader.OpenResource("synonyms.pl.json"))
        {
            synonyms = ReadSynonyms(s);
        }

        alongside?.Invoke(new KnowledgeLanguageData(stopwords, synonyms, null, TimeSpan.Zero, light, glossary));
        var dictionary = hunspell.GetAwaiter().GetResult();
        return new KnowledgeLanguageData(stopwords, synonyms, dictionary, Stopwatch.GetElapsedTime(start), light, glossary);
    }

    /// <summary>For tests and ablations: any combination of parts, including no dictionary.</summary>
    internal static KnowledgeLanguageData Create(CharArraySet stopwords, SynonymData synonyms, Dictionary? hunspell, IReadOnlyCollection<string>? lightWords = null, IReadOnlyDictionary<string, string>? glossary = null) =>
        new(stopwords, synonyms, hunspell, TimeSpan.Zero, lightWords, glossary);

    internal static Dictionary LoadHunspell(Stream aff, Stream dic)
    {
        // The shipped files are UTF-8, but the original pl_PL files are ISO-8859-2 and the generator reads those.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        // Lucene reads the affix file twice (encoding sniffing), so give it seekable copies.
        using var affCopy = Buffer(aff);
        using var dicCopy = Buffer(dic);
        return new Dictionary(affCopy, [dicCopy], true);
    }

    internal static CharArraySet ReadStopwords(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var set = new CharArraySet(LuceneVersion.LUCENE_48, 256, false);
        while (reader.ReadLine() is { } line)
        {
            var word = line.Trim();
            if (word.Length > 0 && !word.StartsWith('#'))
            {
                set.Add(TextFolding.Fold(word));
            }
        }

        return set.AsReadOnly();
    }

    /// <summary>Whitespace-separated words, <c>#</c> comments; folded.</summary>
    internal static HashSet<string> ReadWords(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            foreach (var word in (hash >= 0 ? line[..hash] : line).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                set.Add(TextFolding.Fold(word));
            }
        }

        return set;
    }

    /// <summary><c>english: polish words</c> lines, <c>#</c> comments; a repeated English word adds to its Polish words.</summary>
    internal static Dictionary<string, string> ReadGlossary(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var text = hash >= 0 ? line[..hash] : line;
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var english = text[..colon].Trim().ToLowerInvariant();
            var polish = text[(colon + 1)..].Trim();
            if (english.Length > 0 && polish.Length > 0)
            {
                map[english] = map.TryGetValue(english, out var known) ? known + " " + polish : polish;
            }
        }

        return map;
    }

    internal static SynonymData ReadSynonyms(Stream stream) =>
        JsonSerializer.Deserialize(stream, KnowledgeJsonContext.Default.SynonymData)
            ?? throw new InvalidDataException("synonyms.pl.json is empty.");

    private static MemoryStream Buffer(Stream source)
    {
        var copy = new MemoryStream();
        source.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    /// <summary>Multi-word keys only ("spotkanie online"); single-word abbreviations go through <see cref="AbbreviationFilter"/>.</summary>
    private static SynonymMap? BuildAbbreviationMap(SynonymData data)
    {
        var multi = data.Abbreviations.Where(kv => Words(kv.Key).Length > 1).ToList();
        if (multi.Count == 0)
        {
            return null;
        }

        var builder = new SynonymMap.Builder(true);
        foreach (var (key, expansions) in multi)
        {
            var input = SynonymMap.Builder.Join(Words(key), new CharsRef());
            foreach (var expansion in expansions)
            {
                builder.Add(input, SynonymMap.Builder.Join(Words(expansion), new CharsRef()), true);
            }
        }

        return builder.Build();
    }

    private static Dictionary<string, string[]> BuildSingleWordAbbreviations(SynonymData data, CharArraySet stopwords)
    {
        var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, expansions) in data.Abbreviations)
        {
            var words = Words(key);
            if (words.Length == 1)
            {
                // Expansion words skip the chain's stop filter (they are injected after it), so drop stopwords here.
                map[words[0]] = [.. expansions.SelectMany(Words).Where(w => !stopwords.Contains(w)).Distinct(StringComparer.Ordinal)];
            }
        }

        return map;
    }

    private static string[] Words(string phrase) =>
        TextFolding.Fold(phrase).Split([' ', '-', '/'], StringSplitOptions.RemoveEmptyEntries);
}
