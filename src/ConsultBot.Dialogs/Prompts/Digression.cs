using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>
/// Tells a question of its own ("kto prowadzi model relacyjny?", "what is the strategic model?") from an answer to the
/// prompt, so a dialog can let the rest of the bot answer it and then ask its question again. Polish and English get the
/// same rules: a question word or a request ("powiedz", "tell me") at the start, or a question mark after a few words.
/// </summary>
public static class Digression
{
    // At the start of a message (folded). "czy" only with two more words: "czy duza?" is an unsure answer.
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "kto", "co", "czego", "czym", "jak", "jaki", "jaka", "jakie", "jakich", "jakim", "ktory", "ktora", "ktore", "ktorego",
        "czy", "gdzie", "kiedy", "ile", "dlaczego", "czemu", "skad", "dokad", "komu", "kogo", "kim", "powiedz", "opowiedz", "wyjasnij",
        "wytlumacz", "pokaz", "prosze", "szukam", "potrzebuje", "interesuje",
        "who", "what", "whats", "how", "which", "when", "where", "why", "whom", "whose", "is", "are", "can", "could", "do", "does",
        "should", "will", "would", "tell", "explain", "show", "please", "i'm", "im",
    };

    private static readonly char[] Separators = [' ', ',', '.', '?', '!', ';', ':', '-', '/', '(', ')', '"', '„', '”', '\''];

    /// <summary>True when the message reads as a question or request of its own (at least three words).</summary>
    public static bool IsQuestion(string? text)
    {
        var words = Words(text);
        if (words.Length < 3)
        {
            return false;
        }

        if (QuestionWords.Contains(words[0]) || (words[0] is "a" or "and" or "i" or "to" && QuestionWords.Contains(words[1])))
        {
            return true;
        }

        return text!.TrimEnd().EndsWith('?') && words.Length >= 4;
    }

    /// <summary>The number of words in the message.</summary>
    public static int WordCount(string? text) => Words(text).Length;

    private static string[] Words(string? text) =>
        TextMatching.Fold(text).Split(Separators, StringSplitOptions.RemoveEmptyEntries);
}
