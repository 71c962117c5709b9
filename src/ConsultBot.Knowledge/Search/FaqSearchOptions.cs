using ConsultBot.Knowledge.Analysis;

namespace ConsultBot.Knowledge.Search;

/// <summary>Field weights, BM25 parameters and decision thresholds. Defaults were chosen on the evaluation dev split.</summary>
public sealed record FaqSearchOptions
{
    public float QuestionBoost { get; init; } = 3f;
    public float KeywordBoost { get; init; } = 2f;
    public float AnswerBoost { get; init; } = 0.5f;
    public float GramBoost { get; init; } = 0.4f;
    public float FuzzyBoost { get; init; } = 0.8f;

    /// <summary>Per-word disjunction tie-breaker: how much a word's second-best field adds.</summary>
    public float FieldTieBreaker { get; init; } = 0.3f;

    public float K1 { get; init; } = 1.2f;

    /// <summary>Length normalization on short fields (question, phrasings, tags).</summary>
    public float ShortFieldB { get; init; } = 0.4f;

    public float AnswerB { get; init; } = 0.75f;

    /// <summary>confidence ≥ this → <see cref="FaqDecision.Answer"/>.</summary>
    public double AnswerThreshold { get; init; } = 0.40;

    /// <summary>confidence ≥ this (and below the answer threshold) → <see cref="FaqDecision.Suggest"/>.</summary>
    public double SuggestThreshold { get; init; } = 0.25;

    /// <summary>Below this share of (IDF-weighted) query words matched by the top entry, the query is out of scope.</summary>
    public double MinCoverage { get; init; } = 0.45;

    public int MaxSuggestions { get; init; } = 3;

    /// <summary>Below this relative score margin over an on-topic runner-up the top entry is only suggested.</summary>
    public double MinAnswerMargin { get; init; } = 0.05;

    /// <summary>Query boost of a light word (question form, modal, filler; <c>Content/light-words.txt</c>): it may break ties, not decide.</summary>
    public float LightWordBoost { get; init; } = 0.5f;

    /// <summary>Share of its IDF a light word weighs in coverage: "jakie formy partnerstwa są możliwe" is about forms of partnership.</summary>
    public double LightWordCoverage { get; init; } = 0.2;

    /// <summary>Re-ranking by question kind: score × (1 + this × share of the entry's questions of the query's kind).</summary>
    public double IntentWeight { get; init; } = 0.3;

    /// <summary>An answer whose runner-up has at least this share of its confidence becomes a suggestion (a near tie is a question for the user).</summary>
    public double NearTieRatio { get; init; } = 0.85;

    /// <summary>Ranking factor share an entry loses for naming another cooperation model than the query (none of the query's models).</summary>
    public double ModelFacetPenalty { get; init; } = 0.5;

    /// <summary>Ranking factor share an entry loses for another audience (city, migrants, NGO, business...) than the one named.</summary>
    public double AudienceFacetPenalty { get; init; } = 0.35;

    /// <summary>Ranking bonus of an entry whose audience is the one the query names (over siblings that name none).</summary>
    public double AudienceFacetBonus { get; init; } = 0.15;

    /// <summary>Ranking bonus of an entry about exactly the model the query names (over overview entries that name none).</summary>
    public double ModelFacetBonus { get; init; } = 0.1;

    /// <summary>Ranking bonus of the "when" entry of the model a city description points to (<see cref="ModelFit"/>).</summary>
    public double ModelFitBonus { get; init; } = 1.0;

    /// <summary>Coverage credited to that entry: a long description is not covered word by word by any entry, yet its cues decide.</summary>
    public double ModelFitCoverage { get; init; } = 0.7;

    /// <summary>Words of context before (or after) the question part for a message to be judged as a story with a question.</summary>
    public int MinStoryWords { get; init; } = 8;

    /// <summary>Coverage floor for a long message with a question part: the story around the question is not covered by any entry.</summary>
    public double LongMinCoverage { get; init; } = 0.25;

    /// <summary>A long message is answered when its top entry wins by this relative margin (coverage of a story says little).</summary>
    public double LongMinAnswerMargin { get; init; } = 0.2;

    /// <summary>A word of the question part counts as naming its topic only when it is rarer than this IDF ("model" is in almost half the entries).</summary>
    public double MinTopicalIdf { get; init; } = 1.5;

    /// <summary>Weight of a context word (before the question part of a long message) in ranking and coverage.</summary>
    public double ContextWeight { get; init; } = 0.35;

    /// <summary>Context weight when the question part itself names fewer than two topic words ("jak to zorganizować?").</summary>
    public double WeakQuestionContextWeight { get; init; } = 0.7;

    /// <summary>Boost of an English word's Polish glossary terms against the Polish fields (the cross-lingual fall-back).</summary>
    public float CrossLingualBoost { get; init; } = 0.8f;

    /// <summary>Share of a context word's weight kept when no entry knows the word (the story's names, places, verbs).</summary>
    public double UnknownContextShare { get; init; } = 0.4;

    /// <summary>A long message is also judged on the coverage of its question part alone, scaled by this.</summary>
    public double QuestionOnlyCoverageShare { get; init; } = 0.9;

    /// <summary>Re-ranking by coverage: score × (1 − this + this × coverage of the query's words).</summary>
    public double CoverageRerank { get; init; } = 0.3;

    public bool UseGrams { get; init; } = true;

    public bool UseFuzzy { get; init; } = true;

    internal PolishChain Chain { get; init; } = PolishChain.Full;

    /// <summary>The production defaults.</summary>
    public static FaqSearchOptions Default { get; } = new();
}
