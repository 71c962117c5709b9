using System.Globalization;
using ConsultBot.Knowledge.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace ConsultBot.Knowledge.Search;

/// <summary>
/// Ranking: parses a message into weighted query words (Polish and English readings, the question part of a long
/// message, English words carried over to Polish), scores entries with BM25 over the fields, re-ranks by question
/// kind and facets, and gathers the evidence the <see cref="AnswerPolicy"/> decides on.
/// </summary>
internal sealed class FaqRanker
{
    private static readonly string[] PolishFields = [FaqIndex.FieldQuestion, FaqIndex.FieldKeywords, FaqIndex.FieldAnswer];
    private static readonly string[] EnglishFields = [FaqIndex.FieldQuestionEn, FaqIndex.FieldKeywordsEn, FaqIndex.FieldAnswerEn];

    private const int RerankDepth = 20;

    private readonly SearchAnalyzers _analyzers;
    private readonly FaqSearchOptions _options;
    private readonly KnowledgeLanguageData _data;
    private readonly HashSet<string> _lightPolish;
    private readonly HashSet<string> _lightEnglish;

    /// <summary>English stem → the Polish index terms of its glossary words.</summary>
    private readonly Dictionary<string, string[]> _crossLingual;

    public FaqRanker(SearchAnalyzers analyzers, KnowledgeLanguageData data, FaqSearchOptions options)
    {
        _analyzers = analyzers;
        _options = options;
        _data = data;
        (_lightPolish, _lightEnglish) = LightStems(data, analyzers.English);
        _crossLingual = CrossLingualMap(data, analyzers);
    }

    /// <summary>All candidates with their evidence, before the decision; the evaluation measures ranking on this.</summary>
    public RankedResult Rank(FaqIndex index, string query, string locale, int candidates)
    {
        var queryLanguage = LanguageGuess.Guess(query, locale);
        if (string.IsNullOrWhiteSpace(query) || index.IsEmpty)
        {
            return new RankedResult([], queryLanguage);
        }

        using var lease = index.Acquire();
        var searcher = lease.Searcher;
        var focus = QuestionFocus.Find(query);
        var parsed = ParseQuery(query, searcher.IndexReader, focus, queryLanguage == FaqLocale.English);
        if ((parsed.PolishWords.Count == 0 && parsed.EnglishWords.Count == 0) || OnlyLight(parsed))
        {
            return new RankedResult([], queryLanguage);
        }

        var topDocs = searcher.Search(BuildQuery(parsed), Math.Max(candidates, RerankDepth));
        // The question part decides what is asked (kind, facets, precise asks); context only adds words.
        var question = focus is { } f ? query[f.Start..f.End] : query;
        var intents = _options.IntentWeight > 0 ? QuestionIntent.Of(question) : [];
        var facets = QueryFacets.Of(question);
        if (facets == Facet.None && focus is not null)
        {
            facets = QueryFacets.Of(query);
        }

        var asks = SpecificAsk.Of(question);
        // "Which model fits us?" after a description: the description's cues pick the model whose "when" entry answers.
        var fit = ModelFit.AsksWhichModel(question, QueryFacets.Of(question)) ? ModelFit.Of(query) : Facet.None;
        var hits = new List<RankedHit>(topDocs.ScoreDocs.Length);
        foreach (var sd in topDocs.ScoreDocs)
        {
            var id = searcher.Doc(sd.Doc).Get(FaqIndex.FieldId);
            if (id is not null && lease.Entries.TryGetValue(id, out var indexed))
            {
                // Lexical scores of sibling entries are close; the kind of question and the facet named separate them.
                var coverage = Coverage(parsed, indexed);
                // An entry that holds all the query's words beats one that scores high on a few frequent ones.
                var intentFactor = IntentFactor(intents, indexed);
                // The audience bonus only for an entry of the kind asked: "kiedy ... miasto" is not about the city's benefits.
                var bonus = intentFactor > 1 ? _options.AudienceFacetBonus : 0;
                var fits = fit != Facet.None && (indexed.Facets & QueryFacets.Models) == fit && indexed.Intents.GetValueOrDefault("when") > 0;
                var score = sd.Score * (fits ? 1 + _options.ModelFitBonus : 1) * intentFactor * QueryFacets.Factor(facets, indexed.Facets, _options.ModelFacetPenalty, _options.AudienceFacetPenalty, bonus, _options.ModelFacetBonus)
                    * (1 - _options.CoverageRerank + (_options.CoverageRerank * coverage));
                hits.Add(new RankedHit(
                    indexed.Entry,
                    score,
                    coverage,
                    QueryFacets.Agrees(facets, indexed.Facets),
                    QueryFacets.Conflicts(facets, indexed.Facets),
                    asks & ~indexed.Offers)
                {
                    HasModel = (indexed.Facets & QueryFacets.Models) != Facet.None,
                    ModelFit = fits,
                    ExactModel = (facets & QueryFacets.Models) != Facet.None && (indexed.Facets & QueryFacets.Models) == (facets & QueryFacets.Models),
                });
            }
        }

        hits.Sort((a, b) => b.Score.CompareTo(a.Score));
        // Judged as a story only when the context is a story: "jakie wyniki dała ankieta, kogo wskazano?" is two short questions.
        return new RankedResult(hits, queryLanguage) { Focused = focus is { } fc && QuestionFocus.ContextWords(query, fc) >= _options.MinStoryWords };
    }

    /// <summary>Per-word evidence for error analysis (tests and the explain tool).</summary>
    public string Explain(FaqIndex index, string query)
    {
        using var lease = index.Acquire();
        var focus = QuestionFocus.Find(query);
        var parsed = ParseQuery(query, lease.Searcher.IndexReader, focus, LanguageGuess.Guess(query, FaqLocale.Polish) == FaqLocale.English);
        static string Words(List<QueryWord> ws) => string.Join(" ", ws.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Surface}[{string.Join('|', w.Terms.Concat(w.CrossTerms))} df={w.DocFreq} idf={w.Idf:F1}{(w.Light ? " light" : string.Empty)}{(w.Focus < 1 ? $" ctx={w.Focus:F2}" : string.Empty)}]")));
        var question = focus is { } f ? $" / question: \"{query[f.Start..f.End]}\"" : string.Empty;
        return $"pl: {Words(parsed.PolishWords)} / en: {Words(parsed.EnglishWords)}{question} / facets: {QueryFacets.Of(query)} / asks: {SpecificAsk.Of(query)}";
    }

    private double IntentFactor(HashSet<string> intents, FaqIndex.IndexedEntry entry)
    {
        if (intents.Count == 0)
        {
            return 1;
        }

        // Saturates at half of the entry's questions: how many alternatives happen to repeat the question word must not rank siblings.
        var share = intents.Average(i => Math.Min(1, 2 * entry.Intents.GetValueOrDefault(i)));
        return 1 + (_options.IntentWeight * share);
    }

    private ParsedQuery ParseQuery(string query, IndexReader reader, (int Start, int End)? focus, bool english)
    {
        var n = Math.Max(1, reader.NumDocs);
        var polish = Group(TokenText.Analyze(_analyzers.Polish, FaqIndex.FieldQuestion, query), query, reader, n, english: false, crossLingual: false);
        var englishWords = Group(TokenText.Analyze(_analyzers.English, FaqIndex.FieldQuestionEn, query), query, reader, n, english: true, crossLingual: english);
        var grams = _options.UseGrams ? TokenText.Analyze(_analyzers.Grams, FaqIndex.FieldGrams, query).Select(t => t.Term).Distinct(StringComparer.Ordinal).ToArray() : [];
        if (focus is { } f)
        {
            polish = Focused(polish, f);
            englishWords = Focused(englishWords, f);
        }

        return new ParsedQuery(polish, englishWords, grams);
    }

    /// <summary>
    /// Context words (outside the question part) weigh less in ranking and coverage; numbers of the story ("80 tys.")
    /// not at all. When the question part is generic ("jak to zorganizować?") the topic is in the context, which then weighs more.
    /// </summary>
    private List<QueryWord> Focused(List<QueryWord> words, (int Start, int End) focus)
    {
        static bool Inside(QueryWord w, (int Start, int End) f) => w.Start >= f.Start && w.Start < f.End;
        // A word in most entries ("model", "współpraca") names the domain, not a topic: "jaki model współpracy byłby dla nas?" is generic.
        var topical = words.Count(w => Inside(w, focus) && !w.Light && w.DocFreq > 0 && w.Idf >= _options.MinTopicalIdf);
        var context = topical >= 2 ? _options.ContextWeight : _options.WeakQuestionContextWeight;
        // Words of the story no entry knows (df 0: names, numbers, "przybywa") say little about which entry answers.
        return [.. words.Select(w => Inside(w, focus) ? w with { InQuestion = topical >= 2 } : w with { Focus = w.Surface.All(char.IsDigit) ? 0 : w.DocFreq == 0 ? context * _options.UnknownContextShare : context })];
    }

    /// <summary>Stacked tokens from one source word (stems, expansions) share its start offset: one word, one coverage unit.</summary>
    private List<QueryWord> Group(List<AnalyzedToken> tokens, string query, IndexReader reader, int n, bool english, bool crossLingual)
    {
        var fields = english ? EnglishFields : PolishFields;
        var words = new List<QueryWord>();
        foreach (var g in tokens.GroupBy(t => t.Start))
        {
            var terms = g.Select(t => t.Term).Distinct(StringComparer.Ordinal).ToArray();
            string[] cross = crossLingual ? [.. terms.SelectMany(t => _crossLingual.GetValueOrDefault(t) ?? []).Distinct(StringComparer.Ordinal)] : [];
            var df = Math.Max(DocFreq(reader, terms, fields), DocFreq(reader, cross, PolishFields));
            var end = g.Max(t => t.End);
            var surface = TextFolding.Fold(query[g.Key..Math.Min(end, query.Length)]);
            var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
            words.Add(new QueryWord(terms, surface, df, idf, FuzzyEdits(surface), IsLight(surface, terms, english), g.Key) { CrossTerms = cross });
        }

        return words;
    }

    private static int DocFreq(IndexReader reader, string[] terms, string[] fields)
    {
        var df = 0;
        foreach (var term in terms)
        {
            foreach (var f in fields)
            {
                df = Math.Max(df, reader.DocFreq(new Term(f, term)));
            }
        }

        return df;
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

    private static (HashSet<string> Polish, HashSet<string> English) LightStems(KnowledgeLanguageData data, Lucene.Net.Analysis.Analyzer en)
    {
        var polish = new HashSet<string>(StringComparer.Ordinal);
        var english = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in data.LightWords)
        {
            foreach (var stem in data.StemCache?.Stems(word) ?? [])
            {
                polish.Add(stem);
            }

            foreach (var t in TokenText.Analyze(en, FaqIndex.FieldQuestionEn, word))
            {
                english.Add(t.Term);
            }
        }

        return (polish, english);
    }

    /// <summary>The glossary keyed the way English query words arrive (Porter stems), valued the way the Polish fields hold words.</summary>
    private static Dictionary<string, string[]> CrossLingualMap(KnowledgeLanguageData data, SearchAnalyzers analyzers)
    {
        var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (english, polish) in data.Glossary)
        {
            var polishTerms = TokenText.Terms(analyzers.Polish, FaqIndex.FieldQuestion, [polish]);
            foreach (var stem in TokenText.Analyze(analyzers.English, FaqIndex.FieldQuestionEn, english))
            {
                if (!map.TryGetValue(stem.Term, out var set))
                {
                    map[stem.Term] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(polishTerms);
            }
        }

        return map.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    private int FuzzyEdits(string word) => !_options.UseFuzzy ? 0 : word.Length switch
    {
        >= 8 => 2,
        >= 5 => 1,
        _ => 0,
    };

    private BooleanQuery BuildQuery(ParsedQuery parsed)
    {
        var root = new BooleanQuery(true);
        AddWords(root, parsed.PolishWords, PolishFields, fuzzy: true);
        AddWords(root, parsed.EnglishWords, EnglishFields, fuzzy: false);
        if (parsed.Grams.Count > 0)
        {
            var grams = new BooleanQuery(true) { Boost = _options.GramBoost };
            foreach (var g in parsed.Grams)
            {
                grams.Add(new TermQuery(new Term(FaqIndex.FieldGrams, g)), Occur.SHOULD);
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
            if (w.Focus <= 0)
            {
                continue;
            }

            var dismax = new DisjunctionMaxQuery(_options.FieldTieBreaker)
            {
                Boost = (w.Light ? _options.LightWordBoost : 1f) * (float)(0.4 + (0.6 * w.Focus)),
            };
            foreach (var term in w.Terms)
            {
                for (var i = 0; i < fields.Length; i++)
                {
                    dismax.Add(new TermQuery(new Term(fields[i], term)) { Boost = boosts[i] });
                }
            }

            // An English word carried over to Polish, for entries that have no English text of their own (a fall-back, so
            // an entry with a translation is not scored twice). The same word, so one disjunction: its best reading counts.
            if (w.CrossTerms.Length > 0)
            {
                var polishOnly = new DisjunctionMaxQuery(_options.FieldTieBreaker);
                foreach (var term in w.CrossTerms)
                {
                    for (var i = 0; i < PolishFields.Length; i++)
                    {
                        polishOnly.Add(new TermQuery(new Term(PolishFields[i], term)) { Boost = boosts[i] * _options.CrossLingualBoost });
                    }
                }

                dismax.Add(new BooleanQuery(true)
                {
                    { polishOnly, Occur.MUST },
                    { new TermQuery(new Term(FaqIndex.FieldHasEnglish, "1")), Occur.MUST_NOT },
                });
            }

            // Fuzzy only for words the index has never seen (typos), never for known words; on the written forms, where a typo is one edit away.
            if (fuzzy && w.DocFreq == 0 && w.FuzzyEdits > 0 && !w.Light)
            {
                dismax.Add(new FuzzyQuery(new Term(FaqIndex.FieldRaw, w.Surface), w.FuzzyEdits, 1) { Boost = _options.FuzzyBoost * _options.QuestionBoost });
                dismax.Add(new FuzzyQuery(new Term(FaqIndex.FieldQuestion, w.Terms[0]), w.FuzzyEdits, 1) { Boost = _options.FuzzyBoost * _options.QuestionBoost / 3f });
            }

            root.Add(dismax, Occur.SHOULD);
        }
    }

    /// <summary>IDF-weighted share of query words the entry covers (stem, fuzzy or 4-gram evidence); max over the Polish and English readings.</summary>
    /// <remarks>
    /// A long message whose question part names its topic is judged on that part too: the context must not make a
    /// question that an entry answers look out of scope just because the story around it is long.
    /// </remarks>
    private double Coverage(ParsedQuery parsed, FaqIndex.IndexedEntry entry)
    {
        var pl = WordCoverage(parsed.PolishWords, entry.PolishTerms, entry, fuzzy: true, questionOnly: false);
        var en = WordCoverage(parsed.EnglishWords, entry.EnglishTerms, entry, fuzzy: false, questionOnly: false);
        var coverage = Math.Max(pl, en);
        if (parsed.PolishWords.Any(w => w.InQuestion))
        {
            var question = Math.Max(
                WordCoverage(parsed.PolishWords, entry.PolishTerms, entry, fuzzy: true, questionOnly: true),
                WordCoverage(parsed.EnglishWords, entry.EnglishTerms, entry, fuzzy: false, questionOnly: true));
            coverage = Math.Max(coverage, _options.QuestionOnlyCoverageShare * question);
        }

        return coverage;
    }

    private double WordCoverage(List<QueryWord> words, TermSet terms, FaqIndex.IndexedEntry entry, bool fuzzy, bool questionOnly)
    {
        double total = 0, matched = 0;
        foreach (var w in words)
        {
            if (questionOnly && !w.InQuestion)
            {
                continue;
            }

            var weight = w.Weight(_options.LightWordCoverage);
            total += weight;
            if (w.Terms.Any(terms.Contains) || (!entry.HasEnglish && w.CrossTerms.Any(entry.PolishTerms.Contains)))
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
    private double PartialCredit(QueryWord w, TermSet terms, FaqIndex.IndexedEntry entry)
    {
        if (w.FuzzyEdits > 0 && (entry.Raw.AnyNear(w.Surface, w.FuzzyEdits) || terms.AnyNear(w.Terms[0], w.FuzzyEdits)))
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

    /// <summary>One query word: its stacked terms, how rare it is in the KB, whether it is a light (form, not topic) word, and how much it counts (context words less).</summary>
    internal sealed record QueryWord(string[] Terms, string Surface, int DocFreq, double Idf, int FuzzyEdits, bool Light, int Start)
    {
        /// <summary>Polish index terms of an English word, through the glossary.</summary>
        public string[] CrossTerms { get; init; } = [];

        /// <summary>1 in the question part (or a message that is all question), less in the context before it.</summary>
        public double Focus { get; init; } = 1;

        /// <summary>In the question part of a long message whose question names its topic (coverage is also judged on that part alone).</summary>
        public bool InQuestion { get; init; }

        public double Weight(double lightWeight) => (Light ? Idf * lightWeight : Idf) * Focus;
    }

    internal sealed record ParsedQuery(List<QueryWord> PolishWords, List<QueryWord> EnglishWords, IReadOnlyList<string> Grams);
}

/// <summary>One candidate and its evidence: score, coverage of the query's words, facet agreement, and which precise asks it cannot meet.</summary>
internal sealed record RankedHit(FaqEntry Entry, double Score, double Coverage, bool FacetsAgree = true, bool FacetConflict = false, Ask UnmetAsks = Ask.None)
{
    /// <summary>The entry is about one of the cooperation models.</summary>
    public bool HasModel { get; init; }

    /// <summary>The "when to choose" entry of the model a city description points to ("which model fits us?").</summary>
    public bool ModelFit { get; init; }

    /// <summary>The entry is about exactly the model(s) the query names.</summary>
    public bool ExactModel { get; init; }
}

internal sealed record RankedResult(IReadOnlyList<RankedHit> Hits, string Language)
{
    /// <summary>A long message whose question part was found: judged on margin more than on coverage of the whole story.</summary>
    public bool Focused { get; init; }
}
