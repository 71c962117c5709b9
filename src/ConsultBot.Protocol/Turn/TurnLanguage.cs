namespace ConsultBot.Protocol.Turn;

/// <summary>
/// Picks the language of a reply: Polish by default, English when the person writes in English or
/// their client says English and the text gives no hint. People in Poland often run Teams in English
/// yet type Polish, so what they write wins over the client locale.
/// </summary>
public static class TurnLanguage
{
    public const string Polish = "pl-PL";
    public const string English = "en-US";

    private static readonly HashSet<string> PolishWords = new(StringComparer.Ordinal)
    {
        "czy", "jak", "jaki", "jaka", "jakie", "jakich", "ktory", "ktora", "ktore", "co", "sie", "nie", "jest", "sa", "dla",
        "oraz", "gdzie", "kto", "kiedy", "mamy", "nasz", "nasza", "naszego", "naszym", "miasto", "miasta", "mieście", "miescie",
        "moze", "mozna", "prosze", "dzien", "dobry", "czesc", "witam", "pomoc", "anuluj", "wstecz", "tak", "jestem", "chce",
        "chcemy", "potrzebuje", "wspolpraca", "wspolpracy", "model", "modelu", "dobierz", "konsultant", "zgloszenia", "moje",
        "lista", "kontrolna", "ile", "po", "od", "przez", "albo", "lub", "bo", "ze", "zeby", "jakby", "dlaczego", "czym",
        "organizacje", "organizacja", "urzad", "gmina", "samorzad", "migrantow", "migranci", "uchodzcy", "partnerstwo",
    };

    private static readonly HashSet<string> EnglishWords = new(StringComparer.Ordinal)
    {
        "the", "what", "how", "is", "are", "does", "do", "which", "can", "help", "my", "for", "should", "we", "our", "city",
        "who", "why", "when", "where", "with", "about", "model", "find", "cancel", "back", "tickets", "assessments", "please",
        "hello", "hi", "thanks", "yes", "no", "of", "to", "and", "in", "a", "an", "cooperation", "partnership",
    };

    /// <summary>The language the text is written in ("pl-PL"/"en-US"), or null when it does not tell.</summary>
    public static string? DetectFromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.AsSpan().IndexOfAny("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ") >= 0)
        {
            return Polish;
        }

        var polish = 0;
        var english = 0;
        foreach (var word in TextMatching.Fold(text).Split([' ', ',', '.', '?', '!', ';', ':', '-', '/', '(', ')', '"'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (PolishWords.Contains(word))
            {
                polish++;
            }

            if (EnglishWords.Contains(word))
            {
                english++;
            }
        }

        return polish > english ? Polish : english > polish ? English : null;
    }

    /// <summary>The culture name for a client locale when the text gives no hint.</summary>
    public static string FromLocale(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Polish;

    /// <summary>True for an English culture name.</summary>
    public static bool IsEnglish(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase);
}
