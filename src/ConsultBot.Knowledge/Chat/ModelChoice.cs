using ConsultBot.Protocol.Turn;

namespace ConsultBot.Knowledge.Chat;

/// <summary>Is an unanswered question about choosing a cooperation model? Then point to <c>dobierz model</c>.</summary>
internal static class ModelChoice
{
    // Folded word prefixes: model/modelu/modele, wybrać/wybór/wybieramy, dobrać/dobór/dobieramy, choose/choice/pick.
    // "który"/"which" alone is too broad ("który urząd…") and does not count.
    private static readonly string[] Prefixes = ["model", "wybra", "wybor", "wybier", "dobra", "dobor", "dobier", "choos", "choice", "pick"];

    private static readonly char[] Separators = [' ', ',', '.', '?', '!', ';', ':', '-', '/', '(', ')', '"', '\n', '\t'];

    public static bool IsAbout(string? text) =>
        TextMatching.Fold(text).Split(Separators, StringSplitOptions.RemoveEmptyEntries)
            .Any(word => Prefixes.Any(p => word.StartsWith(p, StringComparison.Ordinal)));
}
