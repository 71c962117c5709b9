using System.Text.RegularExpressions;
using ConsultBot.Knowledge.Analysis;

namespace ConsultBot.Knowledge.Search;

/// <summary>
/// What kind of question it is (who leads, when, what is, why, how many, benefits, features, success conditions...).
/// Question words are stopwords or light words, so the lexical match cannot tell "kto jest liderem w modelu X" from
/// "kiedy wybrać model X"; entries of one topic differ exactly in this. Patterns run on folded text, Polish and English.
/// </summary>
internal static partial class QuestionIntent
{
    private static readonly (string Intent, Regex Pattern)[] Patterns =
    [
        ("define", Define()),
        ("who", Who()),
        ("when", When()),
        ("why", Why()),
        ("count", Count()),
        ("where", Where()),
        ("benefit", Benefit()),
        ("feature", Feature()),
        ("success", Success()),
        ("tasks", Tasks()),
        ("start", Start()),
    ];

    public static HashSet<string> Of(string text)
    {
        var folded = TextFolding.Fold(text);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (intent, pattern) in Patterns)
        {
            if (pattern.IsMatch(folded))
            {
                result.Add(intent);
            }
        }

        // "kto to jest X" asks what X is, not who leads.
        if (result.Contains("define") && KtoTo().IsMatch(folded))
        {
            result.Remove("who");
        }

        return result;
    }

    /// <summary>Share of an entry's question texts (the main questions count double) that carry each intent.</summary>
    public static Dictionary<string, double> Profile(IReadOnlyList<string> mainQuestions, IReadOnlyList<string> alternatives)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        double total = 0;
        foreach (var (text, weight) in mainQuestions.Select(q => (q, 2.0)).Concat(alternatives.Select(a => (a, 1.0))))
        {
            total += weight;
            foreach (var intent in Of(text))
            {
                counts[intent] = counts.GetValueOrDefault(intent) + weight;
            }
        }

        return total == 0 ? counts : counts.ToDictionary(kv => kv.Key, kv => kv.Value / total, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\b(co to\b|czym (jest|sa)\b|co (oznacza|znaczy)\b|kto to\b|definicj|what (is|are)\b|what does\b|meaning\b|definition\b)")]
    private static partial Regex Define();

    [GeneratedRegex(@"\bkto to\b")]
    private static partial Regex KtoTo();

    [GeneratedRegex(@"\b(kto|who|lider\w*|leader\w*|leads?|in charge|kieruj\w*|koordynuj\w*)\b")]
    private static partial Regex Who();

    [GeneratedRegex(@"\b(kiedy|when|ma sens|makes? sense|w jakich? (sytuacj|miast|miescie)|dla jakiego miasta|dla jakich miast|dla kogo|which cities|good fit|suit|pasuj\w*|(jaki|jakiego|ktory|ktorego|which|what) (\w+ )?(model|approach|podejscie)|w ktora strone|(model|approach) (should|would|fits?)|fits?\b)")]
    private static partial Regex When();

    [GeneratedRegex(@"\b(dlaczego|czemu|po co|why|cel|celem|purpose|aim)\b")]
    private static partial Regex Why();

    [GeneratedRegex(@"\b(ile|ilu|how many|how much|liczb\w*|statystyk\w*|figures?|number)\b")]
    private static partial Regex Count();

    [GeneratedRegex(@"\b(gdzie|where)\b")]
    private static partial Regex Where();

    [GeneratedRegex(@"\b(korzys\w*|zalet\w*|plus\w*|zysk\w*|oplaca\w*|co (daje|daja|da|ma z|maja z|mam z|z tego (ma|maja|mam|bedzie))|co \w+ (ma|maja|mamy|zyska\w*) (z|na)\b|co (zyska|zyskuje|zyskaja|zyskuja)|benefit\w*|advantage\w*|gain\w*)\b")]
    private static partial Regex Benefit();

    [GeneratedRegex(@"\b(cech\w*|charakter\w*|wyroznia\w*|features?|characteristics?)\b")]
    private static partial Regex Feature();

    [GeneratedRegex(@"\b(sukces\w*|powodzeni\w*|udal\w*|uda sie|wypali\w*|od czego zalezy|success\w*|succeed\w*)\b")]
    private static partial Regex Success();

    [GeneratedRegex(@"\b(zadani\w*|zadan|obowiazk\w*|kto co robi|tasks?|duties)\b")]
    private static partial Regex Tasks();

    [GeneratedRegex(@"\b(zaczac|zaczyna\w*|rozpocz\w*|nawiaza\w*|start\w*|pierwsze kroki|od czego|begin\w*|first steps?)\b")]
    private static partial Regex Start();
}
