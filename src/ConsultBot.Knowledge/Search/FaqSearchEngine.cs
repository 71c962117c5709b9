using System.Collections.Concurrent;
using System.Diagnostics;
using ConsultBot.Knowledge.Analysis;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsultBot.Knowledge.Search;

/// <summary>
/// In-memory Lucene index over the knowledge base with a calibrated answer/suggest/none decision.
/// Searches are lock-free; updates are serialized and become visible atomically per entry.
/// </summary>
public sealed partial class FaqSearchEngine : IFaqSearch, IFaqIndex, IDisposable
{
    internal const string FieldId = "id";
    internal const string FieldQuestion = "q";
    internal const string FieldKeywords = "kw";
    internal const string FieldAnswer = "a";
    internal const string FieldGrams = "q_gram";
    internal const string FieldQuestionEn = "q_en";
    internal const string FieldKeywordsEn = "kw_en";
    internal const string FieldAnswerEn = "a_en";

    /// <summary>Folded, unstemmed words of the whole entry: typos are near the word as written, not near its lemma ("zadnia" ~ "zadania").</summary>
    internal const string FieldRaw = "raw";

    private static readonly string[] PolishFields = [FieldQuestion, FieldKeywords, FieldAnswer];
    private static readonly string[] EnglishFields = [FieldQuestionEn, FieldKeywordsEn, FieldAnswerEn];

    private readonly FaqSearchOptions _options;
    private readonly ILogger _logger;
    private readonly Analyzer _polish;
    private readonly Analyzer _grams;
    private readonly Analyzer _english;
    private readonly Analyzer _raw;
    private readonly PerFieldAnalyzerWrapper _indexAnalyzer;
    private readonly KnowledgeLanguageData _data;
    private readonly HashSet<string> _lightPolish;
    private readonly HashSet<string> _lightEnglish;
    private readonly Similarity _similarity;
    private const int RerankDepth = 20;
    private readonly object _writeLock = new();
    private volatile IndexState _state;
    private bool _disposed;

    public FaqSearchEngine(KnowledgeLanguageData languageData, IEnumerable<FaqEntry> entries, FaqSearchOptions? options = null, ILogger<FaqSearchEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(languageData);
        ArgumentNullException.ThrowIfNull(entries);
        _options = options ?? FaqSearchOptions.Default;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _polish = new PolishAnalyzer(languageData, _options.Chain);
        _grams = new GramAnalyzer(languageData);
        _english = TokenText.English();
        _raw = new RawAnalyzer(languageData);
        _data = languageData;
        (_lightPolish, _lightEnglish) = LightStems(languageData);
        _indexAnalyzer = new PerFieldAnalyzerWrapper(_polish, new Dictionary<string, Analyzer>
        {
            [FieldGrams] = _grams,
            [FieldRaw] = _raw,
            [FieldQuestionEn] = _english,
            [FieldKeywordsEn] = _english,
            [FieldAnswerEn] = _english,
        });
        _similarity = new FieldSimilarity(_options);
        _state = BuildState(entries);
    }

    /// <summary>Loads the embedded language data and seed: the one-liner for hosts.</summary>
    public static FaqSearchEngine CreateDefault(ILogger<FaqSearchEngine>? logger = null) =>
        new(KnowledgeLanguageData.LoadEmbedded(), FaqSeedLoader.LoadEmbedded().Entries, null, logger);

    /// <summary>
    /// Builds and queries a throw-away index over a few entries so the Lucene and analysis code is compiled before
    /// the real build: the start-up runs it on the spare core while the dictionary loads. Results are discarded.
    /// </summary>
    internal static void WarmUp(KnowledgeLanguageData languageData, IEnumerable<FaqEntry> sample)
    {
        using var engine = new FaqSearchEngine(languageData, sample);
        _ = engine.Search("jak zlozyc wniosek", FaqLocale.Polish);
        _ = engine.Search("how do I apply", FaqLocale.English);
    }

    public int Count => _state.Entries.Count;

    /// <summary>Time the last full build took (analysis + indexing).</summary>
    public TimeSpan LastBuildTime { get; private set; }

    public FaqSearchResponse Search(string query, string locale, int top = 5)
    {
        var ranked = Rank(query, locale, Math.Max(top, _options.MaxSuggestions));
        return Decide(ranked, Math.Max(1, top));
    }

    public void Upsert(FaqEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var state = _state;
            if (entry.Status != FaqStatus.Published)
            {
                RemoveLocked(state, entry.Id);
                return;
            }

            var (indexed, document) = Prepare(entry);
            // Map first, then refresh: a concurrent search may briefly see the old document text mapped to the new entry, never a missing one.
            state.Entries[entry.Id] = indexed;
            state.Writer.UpdateDocument(new Term(FieldId, entry.Id), document);
            state.Searchers.MaybeRefreshBlocking();
            Log.EntryUpserted(_logger, entry.Id);
        }
    }

    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return RemoveLocked(_state, id);
        }
    }

    public void Rebuild(IEnumerable<FaqEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var old = _state;
            _state = BuildState(entries);
            // In-flight searches hold their own reader reference, so closing the old index is safe.
            old.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _state.Dispose();
            _indexAnalyzer.Dispose();
            _polish.Dispose();
            _grams.Dispose();
            _english.Dispose();
            _raw.Dispose();
        }
    }

    /// <summary>All candidates with their evidence, before the decision; the evaluation measures ranking on this.</summary>
    internal RankedResult Rank(string query, string locale, int candidates)
    {
        ArgumentNullException.ThrowIfNull(query);
        var state = _state;
        var queryLanguage = LanguageGuess.Guess(query, locale);
        if (string.IsNullOrWhiteSpace(query) || state.Entries.IsEmpty)
        {
            return new RankedResult([], queryLanguage);
        }

        (state, var searcher) = AcquireSearcher();
        try
        {
            var reader = searcher.IndexReader;
            var parsed = ParseQuery(query, reader);
            if ((parsed.PolishWords.Count == 0 && parsed.EnglishWords.Count == 0) || OnlyLight(parsed))
            {
                return new RankedResult([], queryLanguage);
            }

            var topDocs = searcher.Search(BuildQuery(parsed), Math.Max(candidates, RerankDepth));
            var intents = _options.IntentWeight > 0 ? QuestionIntent.Of(query) : [];
            var hits = new List<RankedHit>(topDocs.ScoreDocs.Length);
            foreach (var sd in topDocs.ScoreDocs)
            {
                var id = searcher.Doc(sd.Doc).Get(FieldId);
                if (id is not null && state.Entries.TryGetValue(id, out var indexed))
                {
                    hits.Add(new RankedHit(indexed.Entry, sd.Score * IntentFactor(intents, indexed), Coverage(parsed, indexed)));
                }
            }

            // Lexical scores of sibling entries are close; the kind of question separates them, so re-rank by it.
            hits.Sort((a, b) => b.Score.CompareTo(a.Score));
            return new RankedResult(hits, queryLanguage);
        }
        finally
        {
            state.Searchers.Release(searcher);
        }
    }

    private double IntentFactor(HashSet<string> intents, IndexedEntry entry)
    {
        if (intents.Count == 0)
        {
            return 1;
        }

        // Saturates at half of the entry's questions: how many alternatives happen to repeat the question word must not rank siblings.
        var share = intents.Average(i => Math.Min(1, 2 * entry.Intents.GetValueOrDefault(i)));
        return 1 + (_options.IntentWeight * share);
    }

    internal FaqSearchResponse Decide(RankedResult ranked, int top)
    {
        var hits = ranked.Hits;
        if (hits.Count == 0)
        {
            return FaqSearchResponse.Empty;
        }

        var s1 = hits[0].Score;
        var margin = hits.Count > 1 && s1 > 0 ? (s1 - hits[1].Score) / s1 : 1.0;
        var confidence = Confidence(hits[0].Coverage, margin);
        if (hits[0].Coverage < _options.MinCoverage || confidence < _options.SuggestThreshold)
        {
            return FaqSearchResponse.Empty;
        }

        var decision = confidence >= _options.AnswerThreshold ? FaqDecision.Answer : FaqDecision.Suggest;
        var limit = decision == FaqDecision.Answer ? top : Math.Min(top, _options.MaxSuggestions);
        var results = new List<FaqHit>(limit);
        for (var i = 0; i < hits.Count && results.Count < limit; i++)
        {
            var h = hits[i];
            // Followers are only worth showing if they are themselves on topic.
            if (i > 0 && h.Coverage < _options.MinCoverage)
            {
                continue;
            }

            var c = i == 0 ? confidence : Confidence(h.Coverage, 0) * (s1 > 0 ? h.Score / s1 : 0);
            results.Add(ToHit(h, c, ranked.Language));
        }

        // Same rule as the chat's: a near tie is not a confident answer, so the API and the chat agree.
        if (decision == FaqDecision.Answer && results.Count > 1 && results[1].Confidence >= _options.NearTieRatio * results[0].Confidence)
        {
            decision = FaqDecision.Suggest;
            results = [.. results.Take(_options.MaxSuggestions)];
        }

        return new FaqSearchResponse(decision, results);
    }

    /// <summary>Uncalibrated confidence from retrieval.md §4: coverage scaled by how clearly the top entry wins.</summary>
    internal static double Confidence(double coverage, double margin) => coverage * (0.5 + (0.5 * Math.Clamp(margin, 0, 1)));

    private static FaqHit ToHit(RankedHit h, double confidence, string language)
    {
        var e = h.Entry;
        var translation = language == e.Language ? null : e.TranslationFor(language);
        return new FaqHit(
            e.Id,
            translation?.Question ?? e.Question,
            translation?.Answer ?? e.Answer,
            h.Score,
            Math.Round(confidence, 4),
            translation is null ? e.Language : language,
            language != e.Language && translation is null,
            e.Category,
            e.Source,
            e.Related);
    }

    private bool RemoveLocked(IndexState state, string id)
    {
        state.Writer.DeleteDocuments(new Term(FieldId, id));
        state.Searchers.MaybeRefreshBlocking();
        var removed = state.Entries.TryRemove(id, out _);
        if (removed)
        {
            Log.EntryRemoved(_logger, id);
        }

        return removed;
    }

    private IndexState BuildState(IEnumerable<FaqEntry> entries)
    {
        var start = Stopwatch.GetTimestamp();
        var directory = new RAMDirectory();
        var config = new IndexWriterConfig(PolishAnalyzer.Version, _indexAnalyzer)
        {
            Similarity = _similarity,
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 64,
        };
        var writer = new IndexWriter(directory, config);
        var map = new ConcurrentDictionary<string, IndexedEntry>(StringComparer.Ordinal);
        var documents = new Dictionary<string, Document>(StringComparer.Ordinal);
        // Analysis dominates the build and is independent per entry (analyzers reuse per thread, the stem cache is
        // concurrent), so prepare on all cores; the adds below keep the input order, hence the same doc ids and ties.
        var published = entries.Where(e => e.Status == FaqStatus.Published).ToArray();
        var prepared = new (IndexedEntry Entry, Document Document)[published.Length];
        Parallel.For(0, published.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => prepared[i] = Prepare(published[i]));
        for (var i = 0; i < published.Length; i++)
        {
            (map[published[i].Id], documents[published[i].Id]) = prepared[i];
        }

        // Plain adds (ids already de-duplicated): no per-document delete-by-term during a bulk build.
        foreach (var document in documents.Values)
        {
            writer.AddDocument(document);
        }

        writer.Commit();
        var searchers = new SearcherManager(writer, true, new SimilaritySearcherFactory(_similarity));
        LastBuildTime = Stopwatch.GetElapsedTime(start);
        Log.IndexBuilt(_logger, map.Count, LastBuildTime.TotalMilliseconds);
        return new IndexState(directory, writer, searchers, map);
    }

    private (IndexedEntry Entry, Document Document) Prepare(FaqEntry e)
    {
        var doc = new Document { new StringField(FieldId, e.Id, Field.Store.YES) };
        var questions = e.Alternatives.Prepend(e.Question).ToArray();
        foreach (var q in questions)
        {
            doc.Add(new TextField(FieldQuestion, q, Field.Store.NO));
            doc.Add(new TextField(FieldGrams, q, Field.Store.NO));
        }

        foreach (var tag in e.Tags)
        {
            doc.Add(new TextField(FieldKeywords, tag, Field.Store.NO));
            doc.Add(new TextField(FieldGrams, tag, Field.Store.NO));
            // Tags are mixed-language keywords: they let English queries reach entries that have no translation.
            doc.Add(new TextField(FieldKeywordsEn, tag, Field.Store.NO));
        }

        doc.Add(new TextField(FieldAnswer, e.Answer, Field.Store.NO));
        foreach (var text in questions.Concat(e.Tags).Append(e.Answer))
        {
            doc.Add(new TextField(FieldRaw, text, Field.Store.NO));
        }

        var english = e.Translations is not null && e.Translations.TryGetValue(FaqLocale.English, out var en) ? en : null;
        string[] englishQuestions = english is null ? [] : [english.Question, .. english.Alternatives];
        foreach (var q in englishQuestions)
        {
            doc.Add(new TextField(FieldQuestionEn, q, Field.Store.NO));
        }

        if (english is not null)
        {
            doc.Add(new TextField(FieldAnswerEn, english.Answer, Field.Store.NO));
        }

        var plTerms = TokenText.Terms(_polish, FieldQuestion, [.. questions, .. e.Tags, e.Answer]);
        var enTerms = TokenText.Terms(_english, FieldQuestionEn, [.. englishQuestions, .. e.Tags, english?.Answer ?? string.Empty]);
        var grams = TokenText.Terms(_grams, FieldGrams, [.. questions, .. e.Tags]);
        var raw = TokenText.Terms(_raw, FieldRaw, [.. questions, .. e.Tags, e.Answer]);
        string[] mains = english is null ? [e.Question] : [e.Question, english.Question];
        var intents = QuestionIntent.Profile(mains, [.. e.Alternatives, .. english?.Alternatives ?? []]);
        return (new IndexedEntry(e, plTerms, enTerms, grams, raw, intents), doc);
    }

    private ParsedQuery ParseQuery(string query, IndexReader reader)
    {
        var n = Math.Max(1, reader.NumDocs);
        var polish = Group(TokenText.Analyze(_polish, FieldQuestion, query), query, reader, PolishFields, n, english: false);
        var english = Group(TokenText.Analyze(_english, FieldQuestionEn, query), query, reader, EnglishFields, n, english: true);
        var grams = _options.UseGrams ? TokenText.Analyze(_grams, FieldGrams, query).Select(t => t.Term).Distinct(StringComparer.Ordinal).ToArray() : [];
        return new ParsedQuery(polish, english, grams);
    }

    /// <summary>Stacked tokens from one source word (stems, expansions) share its start offset: one word, one coverage unit.</summary>
    private List<QueryWord> Group(List<AnalyzedToken> tokens, string query, IndexReader reader, string[] fields, int n, bool english)
    {
        var words = new List<QueryWord>();
        foreach (var g in tokens.GroupBy(t => t.Start))
        {
            var terms = g.Select(t => t.Term).Distinct(StringComparer.Ordinal).ToArray();
            var df = 0;
            foreach (var term in terms)
            {
                var termDf = 0;
                foreach (var f in fields)
                {
                    termDf = Math.Max(termDf, reader.DocFreq(new Term(f, term)));
                }

                df = Math.Max(df, termDf);
            }

            var end = g.Max(t => t.End);
            var surface = TextFolding.Fold(query[g.Key..Math.Min(end, query.Length)]);
            var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
            words.Add(new QueryWord(terms, surface, df, idf, FuzzyEdits(surface), IsLight(surface, terms, english)));
        }

        return words;
    }

    /// <summary>Light by its written form or by all its plain stems (before synonyms, so "gmina" being light never makes "samorząd" light).</summary>
    private bool IsLight(string surface, string[] terms, bool english)
    {
        if (_data.LightWords.Contains(surface))
        {
            return true;
        }

        if (english)
        {
            return terms.Length > 0 && terms.All(_lightEnglish.Contains);
        }

        var stems = _data.StemCache?.Stems(surface) ?? [];
        return stems.Length > 0 && stems.All(_lightPolish.Contains);
    }

    private static (HashSet<string> Polish, HashSet<string> English) LightStems(KnowledgeLanguageData data)
    {
        var polish = new HashSet<string>(StringComparer.Ordinal);
        var english = new HashSet<string>(StringComparer.Ordinal);
        using var en = TokenText.English();
        foreach (var word in data.LightWords)
        {
            foreach (var stem in data.StemCache?.Stems(word) ?? [])
            {
                polish.Add(stem);
            }

            foreach (var t in TokenText.Analyze(en, FieldQuestionEn, word))
            {
                english.Add(t.Term);
            }
        }

        return (polish, english);
    }

    private int FuzzyEdits(string word) => !_options.UseFuzzy ? 0 : word.Length switch
    {
        >= 8 => 2,
        >= 5 => 1,
        _ => 0,
    };

    private Query BuildQuery(ParsedQuery parsed)
    {
        var root = new BooleanQuery(true);
        AddWords(root, parsed.PolishWords, PolishFields, fuzzy: true);
        AddWords(root, parsed.EnglishWords, EnglishFields, fuzzy: false);
        if (parsed.Grams.Count > 0)
        {
            var grams = new BooleanQuery(true) { Boost = _options.GramBoost };
            foreach (var g in parsed.Grams)
            {
                grams.Add(new TermQuery(new Term(FieldGrams, g)), Occur.SHOULD);
            }

            root.Add(grams, Occur.SHOULD);
        }

        return root;
    }

    private void AddWords(BooleanQuery root, List<QueryWord> words, string[] fields, bool fuzzy)
    {
        float[] boosts = [_options.QuestionBoost, _options.KeywordBoost, _options.AnswerBoost];
        foreach (var w in words)
        {
            var dismax = new DisjunctionMaxQuery(_options.FieldTieBreaker);
            if (w.Light)
            {
                dismax.Boost = _options.LightWordBoost;
            }

            foreach (var term in w.Terms)
            {
                for (var i = 0; i < fields.Length; i++)
                {
                    dismax.Add(new TermQuery(new Term(fields[i], term)) { Boost = boosts[i] });
                }
            }

            // Fuzzy only for words the index has never seen (typos), never for known words; on the written forms, where a typo is one edit away.
            if (fuzzy && w.DocFreq == 0 && w.FuzzyEdits > 0 && !w.Light)
            {
                dismax.Add(new FuzzyQuery(new Term(FieldRaw, w.Surface), w.FuzzyEdits, 1) { Boost = _options.FuzzyBoost * _options.QuestionBoost });
                dismax.Add(new FuzzyQuery(new Term(FieldQuestion, w.Terms[0]), w.FuzzyEdits, 1) { Boost = _options.FuzzyBoost * _options.QuestionBoost / 3f });
            }

            root.Add(dismax, Occur.SHOULD);
        }
    }

    /// <summary>IDF-weighted share of query words the entry covers (stem, fuzzy or 4-gram evidence); max over the Polish and English readings.</summary>
    private double Coverage(ParsedQuery parsed, IndexedEntry entry)
    {
        var pl = WordCoverage(parsed.PolishWords, entry.PolishTerms, entry, fuzzy: true);
        var en = WordCoverage(parsed.EnglishWords, entry.EnglishTerms, entry, fuzzy: false);
        return Math.Max(pl, en);
    }

    private double WordCoverage(List<QueryWord> words, HashSet<string> terms, IndexedEntry entry, bool fuzzy)
    {
        double total = 0, matched = 0;
        foreach (var w in words)
        {
            var weight = w.Weight(_options.LightWordCoverage);
            total += weight;
            if (w.Terms.Any(terms.Contains))
            {
                matched += weight;
            }
            else if (fuzzy && w.DocFreq == 0 && !w.Light)
            {
                matched += weight * PartialCredit(w, terms, entry);
            }
        }

        return total > 0 ? matched / total : 0;
    }

    /// <summary>True when every word of the query is light: "dzięki", "ok", "co dalej" are not questions about the KB.</summary>
    private static bool OnlyLight(ParsedQuery parsed) =>
        parsed.PolishWords.All(w => w.Light) && parsed.EnglishWords.All(w => w.Light);

    /// <summary>Evidence for a word the index does not know: a near spelling of an entry word, or most of its 4-grams.</summary>
    private double PartialCredit(QueryWord w, HashSet<string> terms, IndexedEntry entry)
    {
        if (w.FuzzyEdits > 0 && (Near(w.Surface, entry.Raw, w.FuzzyEdits) || Near(w.Terms[0], terms, w.FuzzyEdits)))
        {
            return 0.8;
        }

        if (!_options.UseGrams || w.Surface.Length < GramAnalyzer.GramSize + 1)
        {
            return 0;
        }

        int count = 0, hit = 0;
        for (var i = 0; i + GramAnalyzer.GramSize <= w.Surface.Length; i++)
        {
            count++;
            if (entry.Grams.Contains(w.Surface.Substring(i, GramAnalyzer.GramSize)))
            {
                hit++;
            }
        }

        var share = count == 0 ? 0 : (double)hit / count;
        return share >= 0.5 ? 0.7 * share : 0;
    }

    private static bool Near(string word, HashSet<string> candidates, int edits)
    {
        foreach (var t in candidates)
        {
            if (t.Length > 0 && t[0] == word[0] && Math.Abs(t.Length - word.Length) <= edits && EditDistance.Within(word, t, edits))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A searcher on the current index. A rebuild may swap and close the index between reading
    /// <c>_state</c> and acquiring from it; then take the new one. Once acquired, the searcher's own
    /// reader reference keeps it usable even if the index it came from is closed meanwhile.
    /// </summary>
    private (IndexState State, IndexSearcher Searcher) AcquireSearcher()
    {
        while (true)
        {
            var state = _state;
            try
            {
                return (state, state.Searchers.Acquire());
            }
            catch (ObjectDisposedException) when (!ReferenceEquals(state, _state))
            {
                // Swapped by a concurrent rebuild: retry on the new index.
            }
        }
    }

    /// <summary>Per-word evidence for error analysis (tests and the explain tool).</summary>
    internal string Explain(string query)
    {
        var (state, searcher) = AcquireSearcher();
        try
        {
            var parsed = ParseQuery(query, searcher.IndexReader);
            static string Words(List<QueryWord> ws) => string.Join(" ", ws.Select(w => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{w.Surface}[{string.Join('|', w.Terms)} df={w.DocFreq} idf={w.Idf:F1}{(w.Light ? " light" : string.Empty)}]")));
            return $"pl: {Words(parsed.PolishWords)} / en: {Words(parsed.EnglishWords)}";
        }
        finally
        {
            state.Searchers.Release(searcher);
        }
    }

    internal sealed record IndexedEntry(FaqEntry Entry, HashSet<string> PolishTerms, HashSet<string> EnglishTerms, HashSet<string> Grams, HashSet<string> Raw, Dictionary<string, double> Intents);

    /// <summary>One query word: its stacked terms, how rare it is in the KB, and whether it is a light (form, not topic) word.</summary>
    internal sealed record QueryWord(string[] Terms, string Surface, int DocFreq, double Idf, int FuzzyEdits, bool Light)
    {
        public double Weight(double lightWeight) => Light ? Idf * lightWeight : Idf;
    }

    internal sealed record ParsedQuery(List<QueryWord> PolishWords, List<QueryWord> EnglishWords, IReadOnlyList<string> Grams);

    internal sealed record RankedHit(FaqEntry Entry, double Score, double Coverage);

    internal sealed record RankedResult(IReadOnlyList<RankedHit> Hits, string Language);

    private sealed class IndexState(RAMDirectory directory, IndexWriter writer, SearcherManager searchers, ConcurrentDictionary<string, IndexedEntry> entries) : IDisposable
    {
        public IndexWriter Writer { get; } = writer;

        public SearcherManager Searchers { get; } = searchers;

        public ConcurrentDictionary<string, IndexedEntry> Entries { get; } = entries;

        public void Dispose()
        {
            Searchers.Dispose();
            Writer.Dispose();
            directory.Dispose();
        }
    }

    private sealed class FieldSimilarity(FaqSearchOptions options) : PerFieldSimilarityWrapper
    {
        private readonly BM25Similarity _short = new(options.K1, options.ShortFieldB);
        private readonly BM25Similarity _long = new(options.K1, options.AnswerB);

        public override Similarity Get(string name) => name is FieldAnswer or FieldAnswerEn ? _long : _short;
    }

    private sealed class SimilaritySearcherFactory(Similarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = similarity };
    }

    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Information, "FAQ index built: {Count} entries in {ElapsedMs:F0} ms")]
        public static partial void IndexBuilt(ILogger logger, int count, double elapsedMs);

        [LoggerMessage(3001, LogLevel.Information, "FAQ entry {Id} indexed")]
        public static partial void EntryUpserted(ILogger logger, string id);

        [LoggerMessage(3002, LogLevel.Information, "FAQ entry {Id} removed from the index")]
        public static partial void EntryRemoved(ILogger logger, string id);
    }
}
