using ConsultBot.Protocol.Turn;

namespace ConsultBot.Assessment.Chat;

/// <summary>
/// Recognises a request to run the assessment in what people actually type ("jaki model współpracy wybrać?",
/// "ktory model dla naszego miasta", "which cooperation model should we use"): a word about a model plus a word about
/// choosing or fitting, matched on folded words rather than whole phrases. A question that names one of the four models
/// ("co to jest model strategiczny") is left to the FAQ, and so are plural "what models are there" questions.
/// </summary>
internal static class StartPhrases
{
    /// <summary>Exact commands (folded), including the titles Teams sends from the command menu.</summary>
    public static readonly string[] Commands =
    [
        "dobierz model", "dobierz model współpracy", "dobór modelu", "wybierz model", "ocena miasta", "nowa ocena",
        "find model", "find a model", "find a cooperation model", "choose model", "choose a model", "new assessment",
    ];

    // Stems (prefixes of folded words) that mean choosing, fitting or recommending.
    private static readonly string[] ChooseStems =
    [
        "wybra", "wybier", "wybor", "dobrac", "dobran", "dobier", "dobor", "dopasow", "pasuj", "pasowa", "polec", "rekomend", "zarekomend",
        "najlep", "odpowiedni", "doradz", "sugerow", "zastosowa",
        "choos", "select", "pick", "fit", "suit", "recommend", "best", "should", "right",
    ];

    // "Jaki model…?" / "which model…?" counts only when it is about us: "dla naszego miasta", "for our city".
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "jaki", "jakiego", "jakim", "ktory", "ktorego", "ktorym", "which", "what",
    };

    private static readonly string[] OurStems = ["nas", "nasz", "miast", "miesc", "gmin", "samorzad", "urzed", "urzad", "powiat"];

    private static readonly HashSet<string> OurWords = new(StringComparer.Ordinal) { "our", "us", "we", "my", "city", "town", "municipality" };

    private static readonly HashSet<string> ModelWords = new(StringComparer.Ordinal) { "model", "modelu", "modelem" };

    // The four models by name: a question about one of them is a knowledge question.
    private static readonly string[] NamedModelStems =
    [
        "strategiczn", "operacyjn", "funkcjonaln", "relacyjn", "strategic", "operational", "functional", "relational",
    ];

    private static readonly HashSet<string> CommandSet = Commands.Select(TextMatching.Fold).ToHashSet(StringComparer.Ordinal);

    public static bool IsCommand(string? text) => CommandSet.Contains(TextMatching.Fold(text));

    /// <summary>
    /// "…— jaki model?": a question about which model, without the "for us" that <see cref="IsMatch"/> needs; enough after a
    /// description of the city, which says who "us" is.
    /// </summary>
    public static bool AsksWhichModel(string? text)
    {
        var words = Words(TextMatching.Fold(text));
        return words.Any(ModelWords.Contains)
            && !words.Any(static w => NamedModelStems.Any(s => w.StartsWith(s, StringComparison.Ordinal)))
            && words.Any(static w => QuestionWords.Contains(w) || ChooseStems.Any(s => w.StartsWith(s, StringComparison.Ordinal)));
    }

    private static string[] Words(string folded) =>
        folded.Split([' ', ',', '.', '?', '!', ';', ':', '-', '/', '(', ')', '"', '„', '”', '\'', '—', '–'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True for a start command or a question asking which model to choose.</summary>
    public static bool IsMatch(string? text)
    {
        var folded = TextMatching.Fold(text);
        if (folded.Length == 0)
        {
            return false;
        }

        if (CommandSet.Contains(folded))
        {
            return true;
        }

        var words = Words(folded);

        // Singular only: plural "modele"/"models" asks what exists, not which one to pick.
        if (!words.Any(ModelWords.Contains) || words.Any(static w => NamedModelStems.Any(s => w.StartsWith(s, StringComparison.Ordinal))))
        {
            return false;
        }

        if (words.Any(static w => ChooseStems.Any(s => w.StartsWith(s, StringComparison.Ordinal))))
        {
            return true;
        }

        return words.Any(QuestionWords.Contains)
            && words.Any(static w => OurWords.Contains(w) || OurStems.Any(s => w.StartsWith(s, StringComparison.Ordinal)));
    }
}
