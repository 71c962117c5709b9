using System.Buffers;
using System.Text;

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

        // The bot's own Polish commands, typed without diacritics in an English-locale client ("test wiedzy").
        "wiedzy", "wiedze", "sprawdz", "ankieta", "partnerow", "glosowanie", "wspolpracowac", "ocena", "oceny", "wyniki",
        "historia", "dane", "usun", "dzieki", "dziekuje", "zgloszenie", "pytanie", "pytania", "odpowiedz", "porownaj",
        "modele", "wybierz", "formularz", "zadan", "moja", "nowa", "zapytaj", "konsultanta", "administracja",
        "mieszkancy", "mieszkancow", "cudzoziemcy", "cudzoziemcow", "szkoly",

        // "w"/"z" are never English; they balance the English-looking "a" of Polish follow-ups ("a w operacyjnym?").
        "w", "z",
    };

    private static readonly HashSet<string> EnglishWords = new(StringComparer.Ordinal)
    {
        "the", "what", "how", "is", "are", "does", "do", "which", "can", "help", "my", "for", "should", "we", "our", "city",
        "who", "why", "when", "where", "with", "about", "model", "find", "cancel", "back", "tickets", "assessments", "please",
        "hello", "hi", "thanks", "yes", "no", "of", "to", "and", "in", "a", "an", "cooperation", "partnership",
    };

    private static readonly char[] Separators = [' ', ',', '.', '?', '!', ';', ':', '-', '/', '(', ')', '"'];

    // The separators plus ASCII white space (Fold turns white space into ' ', a separator): word ends in ASCII text.
    private static readonly SearchValues<char> AsciiSeparators = SearchValues.Create(" ,.?!;:-/()\"\t\n\v\f\r");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> PolishLookup = PolishWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishLookup = EnglishWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly int MaxWordLength = PolishWords.Concat(EnglishWords).Max(w => w.Length);

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

        // ASCII text (the common case, including Polish typed without diacritics) folds to plain lower case, so the
        // words can be looked up as spans of one stack buffer; anything else takes the full fold.
        return Ascii.IsValid(text) ? DetectAscii(text) : DetectFolded(text);
    }

    /// <summary>The culture name for a client locale when the text gives no hint.</summary>
    public static string FromLocale(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Polish;

    /// <summary>True for an English culture name.</summary>
    public static bool IsEnglish(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private static string? DetectAscii(string text)
    {
        var rest = text.AsSpan();
        Span<char> lower = stackalloc char[MaxWordLength];
        var polish = 0;
        var english = 0;
        while (true)
        {
            var start = rest.IndexOfAnyExcept(AsciiSeparators);
            if (start < 0)
            {
                break;
            }

            rest = rest[start..];
            var length = rest.IndexOfAny(AsciiSeparators);
            if (length < 0)
            {
                length = rest.Length;
            }

            // Longer than every listed word: cannot match either list.
            if (length <= MaxWordLength)
            {
                var word = lower[..length];
                Ascii.ToLower(rest[..length], word, out _);
                if (PolishLookup.Contains(word))
                {
                    polish++;
                }

                if (EnglishLookup.Contains(word))
                {
                    english++;
                }
            }

            rest = rest[length..];
        }

        return Verdict(polish, english);
    }

    private static string? DetectFolded(string text)
    {
        var polish = 0;
        var english = 0;
        foreach (var word in TextMatching.Fold(text).Split(Separators, StringSplitOptions.RemoveEmptyEntries))
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

        return Verdict(polish, english);
    }

    private static string? Verdict(int polish, int english) => polish > english ? Polish : english > polish ? English : null;
}
