using System.Collections.Concurrent;
using System.Diagnostics;
using ConsultBot.Knowledge.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Knowledge.Search;

/// <summary>
/// Index upkeep: the in-memory Lucene index and the per-entry evidence the ranker reads (term sets, question kinds,
/// facets, what the answer can hold). Searches are lock-free; updates are serialized and become visible atomically per entry.
/// </summary>
internal sealed class FaqIndex : IDisposable
{
    internal const string FieldId = "id";
    internal const string FieldQuestion = "q";
    internal const string FieldKeywords = "kw";
    internal const string FieldAnswer = "a";
    internal const string FieldGrams = "q_gram";
    internal const string FieldQuestionEn = "q_en";
    internal const string FieldKeywordsEn = "kw_en";
    internal const string FieldAnswerEn = "a_en";

    /// <summary>"1" on entries that have an English translation: the cross-lingual fall-back skips them (their English fields answer).</summary>
    internal const string FieldHasEnglish = "has_en";

    /// <summary>Folded, unstemmed words of the whole entry: typos are near the word as written, not near its lemma ("zadnia" ~ "zadania").</summary>
    internal const string FieldRaw = "raw";

    private readonly SearchAnalyzers _analyzers;
    private readonly Similarity _similarity;
    private readonly ILogger _logger;
    private readonly object _writeLock = new();
    private readonly TermPool _pool = new();
    private volatile IndexState _state;
    private bool _disposed;

    public FaqIndex(SearchAnalyzers analyzers, FaqSearchOptions options, IEnumerable<FaqEntry> entries, ILogger logger)
    {
        _analyzers = analyzers;
        _similarity = new FieldSimilarity(options);
        _logger = logger;
        _state = BuildState(entries);
    }

    public int Count => _state.Entries.Count;

    public bool IsEmpty => _state.Entries.IsEmpty;

    /// <summary>Time the last full build took (analysis + indexing).</summary>
    public TimeSpan LastBuildTime { get; private set; }

    public void Upsert(FaqEntry entry)
    {
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
            KnowledgeLog.EntryIndexed(_logger, entry.Id);
        }
    }

    public bool Remove(string id)
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return RemoveLocked(_state, id);
        }
    }

    public void Rebuild(IEnumerable<FaqEntry> entries)
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var old = _state;
            _state = BuildState(entries);
            // In-flight searches hold their own reader reference, so closing the old index is safe.
            old.Dispose();
        }
    }

    /// <summary>
    /// A searcher on the current index; give it back with <see cref="Lease.Dispose"/>. A rebuild may swap and close the
    /// index between reading <c>_state</c> and acquiring from it; then take the new one. Once acquired, the searcher's
    /// own reader reference keeps it usable even if the index it came from is closed meanwhile.
    /// </summary>
    public Lease Acquire()
    {
        while (true)
        {
            var state = _state;
            try
            {
                return new Lease(state, state.Searchers.Acquire());
            }
            catch (ObjectDisposedException) when (!ReferenceEquals(state, _state))
            {
                // Swapped by a concurrent rebuild: retry on the new index.
            }
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
        }
    }

    private bool RemoveLocked(IndexState state, string id)
    {
        state.Writer.DeleteDocuments(new Term(FieldId, id));
        state.Searchers.MaybeRefreshBlocking();
        var removed = state.Entries.TryRemove(id, out _);
        if (removed)
        {
            KnowledgeLog.EntryUnindexed(_logger, id);
        }

        return removed;
    }

    private IndexState BuildState(IEnumerable<FaqEntry> entries)
    {
        var start = Stopwatch.GetTimestamp();
        var directory = new RAMDirectory();
        var config = new IndexWriterConfig(PolishAnalyzer.Version, _analyzers.Index)
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
        KnowledgeLog.IndexBuilt(_logger, map.Count, LastBuildTime.TotalMilliseconds);
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

        // The answer is a field of its own (low boost, long-field BM25): facts that sit only in an answer are found too.
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
            doc.Add(new StringField(FieldHasEnglish, "1", Field.Store.NO));
        }

        var plTerms = TokenText.Terms(_analyzers.Polish, FieldQuestion, [.. questions, .. e.Tags, e.Answer]);
        var enTerms = TokenText.Terms(_analyzers.English, FieldQuestionEn, [.. englishQuestions, .. e.Tags, english?.Answer ?? string.Empty]);
        var grams = TokenText.Terms(_analyzers.Grams, FieldGrams, [.. questions, .. e.Tags]);
        var raw = TokenText.Terms(_analyzers.Raw, FieldRaw, [.. questions, .. e.Tags, e.Answer]);
        string[] mains = english is null ? [e.Question] : [e.Question, english.Question];
        var intents = QuestionIntent.Profile(mains, [.. e.Alternatives, .. english?.Alternatives ?? []]);
        // The main questions name the entry's model and audience; alternatives and answers mention others in passing.
        var facets = QueryFacets.OfEntry(mains);
        var offers = SpecificAsk.Offers(e.Answer + "\n" + english?.Answer, intents.GetValueOrDefault("count") > 0);
        return (new IndexedEntry(e, TermSet.From(plTerms, _pool), TermSet.From(enTerms, _pool), TermSet.From(grams, _pool), TermSet.From(raw, _pool), intents, facets, offers), doc);
    }

    internal sealed record IndexedEntry(FaqEntry Entry, TermSet PolishTerms, TermSet EnglishTerms, TermSet Grams, TermSet Raw, Dictionary<string, double> Intents, Facet Facets, Ask Offers)
    {
        public bool HasEnglish { get; } = Entry.Translations?.ContainsKey(FaqLocale.English) ?? false;
    }

    /// <summary>A searcher and the entries it was taken with; dispose to release the searcher.</summary>
    internal readonly struct Lease(IndexState state, IndexSearcher searcher) : IDisposable
    {
        public IndexSearcher Searcher { get; } = searcher;

        public ConcurrentDictionary<string, IndexedEntry> Entries => state.Entries;

        public void Dispose() => state.Searchers.Release(Searcher);
    }

    internal sealed class IndexState(RAMDirectory directory, IndexWriter writer, SearcherManager searchers, ConcurrentDictionary<string, IndexedEntry> entries) : IDisposable
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
}
