using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>
/// Finds the chosen option: a card click (<c>value.choice</c>), then the 1-based number ("2", "2.", "nr 2"), then the
/// value/title/synonym, then an unambiguous partial title match; all case- and diacritics-insensitive.
/// </summary>
internal static partial class ChoiceRecognizer
{
    private const int MinPartialLength = 3;

    public static FoundChoice? Recognize(Activity activity, IReadOnlyList<Choice> choices, string? nonce)
    {
        if (string.IsNullOrWhiteSpace(activity.Text))
        {
            return RecognizeClick(activity.Value, choices, nonce);
        }

        var text = TextMatching.Fold(activity.Text);
        if (text.Length == 0)
        {
            return null;
        }

        if (FindExact(text, choices) is { } exact)
        {
            return exact;
        }

        var number = NumberPattern().Match(text);
        if (number.Success && int.TryParse(number.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= choices.Count)
        {
            return new FoundChoice(choices[n - 1].Value, n - 1, 1.0, number.Value);
        }

        return FindPartial(text, choices);
    }

    private static FoundChoice? RecognizeClick(JsonNode? value, IReadOnlyList<Choice> choices, string? nonce)
    {
        string? submitted = null;
        if (value is JsonObject data)
        {
            // A button of an older card (another question) is not an answer to this one.
            if (data["prompt"] is JsonValue clickedNonce && nonce is not null && clickedNonce.GetValueKind() == System.Text.Json.JsonValueKind.String
                && !string.Equals(clickedNonce.GetValue<string>(), nonce, StringComparison.Ordinal))
            {
                return null;
            }

            submitted = AsString(data["choice"]) ?? AsString(data["value"]);
        }
        else
        {
            submitted = AsString(value);
        }

        return submitted is null ? null : FindExact(TextMatching.Fold(submitted), choices);
    }

    private static FoundChoice? FindExact(string folded, IReadOnlyList<Choice> choices)
    {
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i];
            if (TextMatching.Fold(choice.Value) == folded || TextMatching.Fold(choice.Title) == folded)
            {
                return new FoundChoice(choice.Value, i, 1.0, folded);
            }

            if (choice.Synonyms?.FirstOrDefault(s => TextMatching.Fold(s) == folded) is { } synonym)
            {
                return new FoundChoice(choice.Value, i, 1.0, synonym);
            }
        }

        return null;
    }

    private static FoundChoice? FindPartial(string folded, IReadOnlyList<Choice> choices)
    {
        FoundChoice? found = null;
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i];
            var terms = new[] { choice.Title, choice.Value }.Concat(choice.Synonyms ?? []).Select(TextMatching.Fold);
            var matches = terms.Any(term => term.Length > 0 && (
                (folded.Length >= MinPartialLength && term.Contains(folded, StringComparison.Ordinal))
                || ContainsWord(folded, term)));
            if (!matches)
            {
                continue;
            }

            if (found is not null && found.Index != i)
            {
                // Ambiguous ("m" matching "mały" and "średni"): ask again rather than guess.
                return null;
            }

            found = new FoundChoice(choice.Value, i, Math.Min(0.9, (double)folded.Length / Math.Max(1, TextMatching.Fold(choice.Title).Length)), folded);
        }

        return found;
    }

    // "chyba średni" contains the title "średni" as whole words.
    private static bool ContainsWord(string text, string term)
    {
        var index = text.IndexOf(term, StringComparison.Ordinal);
        while (index >= 0)
        {
            var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var end = index + term.Length;
            var after = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }

            index = text.IndexOf(term, index + 1, StringComparison.Ordinal);
        }

        return false;
    }

    private static string? AsString(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    [GeneratedRegex(@"^(?:(?:nr|numer|no|opcja|option|#)\.?\s*)?(?<n>\d{1,2})\)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
