using ConsultBot.Protocol.Turn;

namespace ConsultBot.Knowledge.Chat;

/// <summary>What small talk asks for.</summary>
internal enum SmallTalkKind
{
    Thanks,
    WhoAreYou,
    WhatCanYouDo,
}

/// <summary>
/// "dzięki", "kim jesteś", "co umiesz", "thanks", "who are you", "what can you do": short messages that deserve a friendly
/// reply, not a search. A greeting in front ("hej, co umiesz?") does not matter; plain greetings are the welcome card's.
/// Only short messages count, so "dzięki, a kto prowadzi model relacyjny?" still goes to the FAQ.
/// </summary>
internal static class SmallTalk
{
    private const int MaxExtraWords = 2;

    private static readonly HashSet<string> Greetings = new(StringComparer.Ordinal)
    {
        "czesc", "hej", "hejka", "witam", "witaj", "dzien", "dobry", "siema", "hello", "hi", "hey", "ok", "okej", "okay", "super", "spoko",
        "great", "dobrze", "jasne", "a", "i", "to", "no", "ale",
    };

    private static readonly (SmallTalkKind Kind, string[] Phrases)[] Phrases =
    [
        (SmallTalkKind.Thanks,
        [
            "dzieki", "dziekuje", "dziekujemy", "dziekuje bardzo", "dzieki wielkie", "wielkie dzieki", "dziekuje serdecznie", "dzieki za pomoc",
            "dziekuje za pomoc", "dzieki za odpowiedz", "dziekuje za odpowiedz", "dziekuje za informacje", "dzieki za informacje",
            "thx", "thanks", "thank you", "thanks a lot", "thank you very much", "thanks for the help", "thanks for your help", "many thanks", "cheers",
        ]),
        (SmallTalkKind.WhoAreYou,
        [
            "kim jestes", "kto ty jestes", "kim ty jestes", "czym jestes", "co to za bot", "jestes botem", "jestes czlowiekiem", "z kim rozmawiam",
            "who are you", "what are you", "are you a bot", "are you human", "are you a human", "who am i talking to",
        ]),
        (SmallTalkKind.WhatCanYouDo,
        [
            "co umiesz", "co potrafisz", "co mozesz", "co mozesz zrobic", "w czym mozesz pomoc", "jak mozesz pomoc", "w czym pomozesz", "co robisz",
            "w czym mozesz mi pomoc", "czym mozesz mi pomoc", "w czym mi mozesz pomoc", "do czego sluzysz", "o co moge zapytac", "o co mozna pytac", "o co moge pytac", "jak mozesz mi pomoc", "w czym mi pomozesz",
            "what can you do", "how can you help", "how can you help me", "what do you do", "what can i ask", "what can i ask you", "what can you help with",
        ]),
    ];

    private static readonly char[] Separators = [' ', ',', '.', '?', '!', ';', ':', '-', '(', ')', '"', '„', '”'];

    public static SmallTalkKind? Recognize(string? text)
    {
        var words = TextMatching.Fold(text).Split(Separators, StringSplitOptions.RemoveEmptyEntries).ToList();

        // Leading greetings and fillers: "hej, co umiesz?", "ok dzięki".
        while (words.Count > 1 && Greetings.Contains(words[0]))
        {
            words.RemoveAt(0);
        }

        if (words.Count == 0)
        {
            return null;
        }

        var message = " " + string.Join(' ', words) + " ";
        foreach (var (kind, phrases) in Phrases)
        {
            foreach (var phrase in phrases)
            {
                if (message.Contains(" " + phrase + " ", StringComparison.Ordinal)
                    && words.Count <= phrase.Split(' ').Length + MaxExtraWords
                    && (kind != SmallTalkKind.Thanks || message.StartsWith(" " + phrase + " ", StringComparison.Ordinal)))
                {
                    return kind;
                }
            }
        }

        return null;
    }
}
