using ConsultBot.Protocol.Turn;

namespace ConsultBot.Knowledge.Chat;

/// <summary>Is an unanswered question about choosing a cooperation model? Then point to <c>dobierz model</c>.</summary>
internal static class ModelChoice
{
    // Folded word prefixes: model/modelu/modele, wybrać/wybór/wybieramy, dobrać/dobór/dobieramy, choose/choice/pick.
    // "który"/"which" alone is too broad ("który urząd…") and does not count.
    private static readonly string[] Prefixes = ["model", "wybra", "wybor", "wybier", "dobra", "dobor", "dobier", "choos", "choice", "pick"];

    private static readonly char[] Separators = [' ', ',', '.', '?', '!', ';', ':', '-', '/', '(', ')', '"', '\n', '\t'];

    private static readonly HashSet<string> ModelWords = new(StringComparer.Ordinal) { "model", "modelu", "modelem", "modele" };

    private static readonly HashSet<string> WhichWords = new(StringComparer.Ordinal)
    {
        "jaki", "jakiego", "jakim", "ktory", "ktorego", "ktorym", "which", "what", "wybrac", "wybor", "pasuje", "pasowac", "najlepszy", "choose", "fits", "fit", "best",
    };

    private static readonly string[] NamedModels = ["strategiczn", "operacyjn", "funkcjonaln", "relacyjn", "strategic", "operational", "functional", "relational"];

    /// <summary>
    /// "jaki model, gdy mieszkańcy sami się organizują?": which model fits a kind of city — the FAQ gives the short answer,
    /// the assessment the city's own. A question about one named model is not this.
    /// </summary>
    public static bool AsksWhichModel(string? text)
    {
        var words = TextMatching.Fold(text).Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        return words.Any(ModelWords.Contains) && words.Any(WhichWords.Contains)
            && !words.Any(w => NamedModels.Any(n => w.StartsWith(n, StringComparison.Ordinal)));
    }

    public static bool IsAbout(string? text) =>
        TextMatching.Fold(text).Split(Separators, StringSplitOptions.RemoveEmptyEntries)
            .Any(word => Prefixes.Any(p => word.StartsWith(p, StringComparison.Ordinal)));
}
