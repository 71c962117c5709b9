using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>Yes/no in Polish and English, with the usual variants; null when the answer is neither.</summary>
internal static class ConfirmRecognizer
{
    private static readonly HashSet<string> Yes = Fold(
        "tak", "t", "jasne", "oczywiście", "pewnie", "pewno", "ok", "okej", "okay", "zgoda", "dobrze", "tak jest", "no tak", "zgadzam się",
        "potwierdzam", "tak, proszę", "tak proszę", "poproszę", "chętnie", "jak najbardziej", "owszem", "1",
        "yes", "y", "yep", "yeah", "yup", "sure", "of course", "certainly", "correct", "right", "true", "yes please", "👍");

    private static readonly HashSet<string> No = Fold(
        "nie", "n", "nie teraz", "nie, dziękuję", "nie dziękuję", "raczej nie", "nie chcę", "absolutnie nie", "nie trzeba", "2",
        "nope", "nah", "no thanks", "no, thanks", "not now", "never", "false", "👎");

    // The first word decides for longer answers: "tak, poproszę o kontakt", "nie, wolę mailem".
    private static readonly HashSet<string> YesFirstWords = Fold("tak", "jasne", "oczywiście", "pewnie", "ok", "okej", "zgoda", "dobrze", "yes", "yeah", "yep", "sure", "okay");
    private static readonly HashSet<string> NoFirstWords = Fold("nie", "nope", "nah");

    public static bool? Recognize(Activity activity, string locale)
    {
        if (string.IsNullOrWhiteSpace(activity.Text))
        {
            return RecognizeClick(activity.Value);
        }

        var text = TextMatching.Fold(activity.Text);
        if (Yes.Contains(text))
        {
            return true;
        }

        if (No.Contains(text))
        {
            return false;
        }

        if (text == "no")
        {
            // Polish "no" is a colloquial yes; only an English conversation reads it as no.
            return string.Equals(locale, DialogLocale.English, StringComparison.Ordinal) ? false : null;
        }

        var first = text.Split(' ', 2)[0].TrimEnd(',', '.', '!', ';', ':');
        if (YesFirstWords.Contains(first))
        {
            return true;
        }

        if (NoFirstWords.Contains(first) || (first == "no" && string.Equals(locale, DialogLocale.English, StringComparison.Ordinal) && text.Length > 2))
        {
            return false;
        }

        return null;
    }

    private static bool? RecognizeClick(JsonNode? value)
    {
        var choice = value is JsonObject data ? data["confirm"] ?? data["choice"] ?? data["value"] : value;
        if (choice is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<bool>(out var b))
        {
            return b;
        }

        // Our own buttons submit "yes"/"no" whatever the language.
        return v.TryGetValue<string>(out var s) ? TextMatching.Fold(s) switch
        {
            "yes" or "true" or "tak" => true,
            "no" or "false" or "nie" => false,
            _ => null,
        } : null;
    }

    private static HashSet<string> Fold(params string[] words) => words.Select(TextMatching.Fold).ToHashSet(StringComparer.Ordinal);
}
