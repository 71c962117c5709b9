using System.Numerics;
using System.Text.RegularExpressions;
using ConsultBot.Knowledge.Analysis;

namespace ConsultBot.Knowledge.Search;

/// <summary>The facets that tell sibling entries apart: which cooperation model, and for whom (the audience).</summary>
[Flags]
internal enum Facet
{
    None = 0,
    Strategic = 1,
    Operational = 2,
    Functional = 4,
    Relational = 8,
    City = 16,
    Migrants = 32,
    Ngo = 64,
    Business = 128,
    Residents = 256,
    Education = 512,
}

/// <summary>
/// Model and audience named in a text. Entries of one topic ("benefits of model X for the city / for migrants / for NGOs")
/// share almost all their words, so BM25 scores them close; the facet the user named must decide between them, and a
/// suggestion is left for real ambiguity. Facet words are often light or frequent ("miasto"), which is why the lexical
/// match cannot do this alone. Patterns run on folded text, Polish (any inflection) and English.
/// </summary>
internal static partial class QueryFacets
{
    public const Facet Models = Facet.Strategic | Facet.Operational | Facet.Functional | Facet.Relational;
    public const Facet Audiences = Facet.City | Facet.Migrants | Facet.Ngo | Facet.Business | Facet.Residents | Facet.Education;

    private static readonly (Facet Facet, Regex Pattern)[] Patterns =
    [
        (Facet.Strategic, Strategic()),
        (Facet.Operational, Operational()),
        (Facet.Functional, Functional()),
        (Facet.Relational, Relational()),
        (Facet.City, City()),
        (Facet.Migrants, Migrants()),
        (Facet.Ngo, Ngo()),
        (Facet.Business, Business()),
        (Facet.Residents, Residents()),
        (Facet.Education, Education()),
    ];

    public static Facet Of(string text)
    {
        var folded = TextFolding.Fold(text);
        var result = Facet.None;
        foreach (var (facet, pattern) in Patterns)
        {
            if (pattern.IsMatch(folded))
            {
                result |= facet;
            }
        }

        return result;
    }

    /// <summary>
    /// An entry's facets, from its main questions. The audience is a facet only of an entry about a model ("benefits of
    /// the strategic model for the city"): elsewhere the people a question names are its topic, not whom it is for
    /// ("the role of public institutions for migrants" also answers "the role of schools").
    /// </summary>
    public static Facet OfEntry(IEnumerable<string> mainQuestions)
    {
        var facets = mainQuestions.Aggregate(Facet.None, (f, q) => f | Of(q));
        return (facets & Models) == Facet.None ? Facet.None : facets;
    }

    /// <summary>
    /// Ranking factor for an entry: 1 when the query names no facet the entry also has a value for; otherwise, per
    /// dimension, lowered by the share of the query's values the entry lacks (a different model: the full penalty).
    /// An entry without a value in a dimension is neutral: "kto jest liderem" says nothing about an audience.
    /// </summary>
    public static double Factor(Facet query, Facet entry, double modelPenalty, double audiencePenalty, double audienceBonus, double modelBonus = 0)
    {
        var factor = DimensionFactor(query & Models, entry & Models, modelPenalty) * DimensionFactor(query & Audiences, entry & Audiences, audiencePenalty);
        // An entry about exactly the model named ahead of the overview entries about all four ("warunki sukcesu modelu X").
        var model = entry & Models;
        if (model != Facet.None && (query & Models) == model)
        {
            factor *= 1 + modelBonus;
        }

        // The entry is for exactly the audience named ("korzyści dla miasta" → the city's entry): ahead of its siblings
        // that name no audience, which lexically match the model and the question kind just as well.
        var audience = entry & Audiences;
        return audience != Facet.None && (query & Audiences & audience) == audience ? factor * (1 + audienceBonus) : factor;
    }

    /// <summary>The entry has a value in a dimension the query names, and none of the query's values.</summary>
    public static bool Conflicts(Facet query, Facet entry) =>
        Disjoint(query & Models, entry & Models) || Disjoint(query & Audiences, entry & Audiences);

    /// <summary>The entry has every facet the query names (in the dimensions where the entry has a value at all).</summary>
    public static bool Agrees(Facet query, Facet entry) =>
        Covers(query & Models, entry & Models) && Covers(query & Audiences, entry & Audiences);

    private static double DimensionFactor(Facet query, Facet entry, double penalty)
    {
        if (query == Facet.None || entry == Facet.None)
        {
            return 1;
        }

        var share = (double)BitOperations.PopCount((uint)(query & entry)) / BitOperations.PopCount((uint)query);
        return 1 - (penalty * (1 - share));
    }

    private static bool Disjoint(Facet query, Facet entry) => query != Facet.None && entry != Facet.None && (query & entry) == Facet.None;

    private static bool Covers(Facet query, Facet entry) => query == Facet.None || entry == Facet.None || (query & entry) == query;

    [GeneratedRegex(@"\b(strategiczn\w*|strategic\w*)")]
    private static partial Regex Strategic();

    [GeneratedRegex(@"\b(operacyjn\w*|operational\w*|operative)")]
    private static partial Regex Operational();

    [GeneratedRegex(@"\b(funkcjonaln\w*|functional\w*)")]
    private static partial Regex Functional();

    [GeneratedRegex(@"\b(relacyjn\w*|relational\w*)")]
    private static partial Regex Relational();

    [GeneratedRegex(@"\b(miast[oau]?|miescie|miastem|miastach|miastom|miejsk\w*|gmin\w*|jst|samorzad\w*|magistrat\w*|ratusz\w*|city|cities|towns?|municipal\w*)\b")]
    private static partial Regex City();

    [GeneratedRegex(@"\b(migran\w*|imigran\w*|cudzoziem\w*|uchodz\w*|obcokrajow\w*|przybysz\w*|immigrant\w*|refugees?|foreigners?|newcomers?)\b")]
    private static partial Regex Migrants();

    [GeneratedRegex(@"\b(ngo\w*|pozarzadow\w*|fundacj\w*|stowarzysz\w*|trzeci\w* sektor\w*|non-?governmental|nonprofits?|charit\w*|civil society)\b")]
    private static partial Regex Ngo();

    [GeneratedRegex(@"\b(biznes\w*|firm[aoyieą]?|firmom|firmach|firmami|przedsiebior\w*|pracodaw\w*|business\w*|compan(y|ies)|employers?|private sector)\b")]
    private static partial Regex Business();

    [GeneratedRegex(@"\b(mieszkan(iec|cy|cow|com|cami|cach|ca|cem|cu|ka|ki|ek)|spolecznosc\w* lokaln\w*|residents?|inhabitants?|locals)\b")]
    private static partial Regex Residents();

    [GeneratedRegex(@"\b(szkol(a|y|e|om|ach|ami)|oswiat\w*|uczelni\w*|nauczyciel\w*|przedszkol\w*|schools?|universit(y|ies)|teachers?|educational institutions?|instytucj\w* edukac\w*|placow\w* (edukac|oswiat)\w*)\b")]
    private static partial Regex Education();
}
