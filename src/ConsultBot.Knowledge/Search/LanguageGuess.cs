namespace ConsultBot.Knowledge.Search;

/// <summary>Which language to answer in: the query's own language when it is clear, otherwise the requested locale.</summary>
internal static class LanguageGuess
{
    private static readonly HashSet<string> EnglishMarkers = new(StringComparer.Ordinal)
    {
        "the", "what", "how", "which", "who", "when", "where", "why", "is", "are", "does", "can", "should", "we", "our",
        "my", "i", "you", "an", "of", "for", "with", "and", "city", "cities", "cooperation", "partnership", "model", "about", "there",
        "get", "do", "to",
    };

    private static readonly HashSet<string> PolishMarkers = new(StringComparer.Ordinal)
    {
        "jak", "jaki", "jaka", "jakie", "co", "czy", "kto", "kiedy", "gdzie", "dlaczego", "w", "z", "na", "sie", "jest", "sa",
        "nie", "dla", "o", "mozna", "model", "miasto", "ktory", "ile", "po", "przez", "od", "oraz", "i", "do", "to",
    };

    public static string Guess(string query, string locale)
    {
        var requested = FaqLocale.Language(locale);
        int en = 0, pl = 0;
        foreach (var raw in query.Split([' ', ',', '.', '?', '!', ';', ':', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var word = Analysis.TextFolding.Fold(raw);
            if (raw.Any(c => "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ".Contains(c)))
            {
                pl += 2;
            }

            if (EnglishMarkers.Contains(word))
            {
                en++;
            }

            if (PolishMarkers.Contains(word))
            {
                pl++;
            }
        }

        if (en > pl)
        {
            return FaqLocale.English;
        }

        return pl > en ? FaqLocale.Polish : requested;
    }
}
