using System.Text.RegularExpressions;

namespace ConsultBot.Knowledge.Store;

/// <summary>
/// Removes personal data from a ticket's texts before they become an FAQ draft an admin reads: e-mail addresses,
/// phone numbers, PESEL numbers, street addresses, and names introduced as such ("nazywam się …", "my name is …").
/// A FAQ entry is about the question, never about who asked it.
/// </summary>
public static partial class PersonalDataScrubber
{
    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d{11}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Pesel();

    // Polish numbers have nine digits: 601 234 567, 601-234-567, 12 345 67 89 (years and amounts stay).
    [GeneratedRegex(@"(\+48[\s-]?)?\b(\d{3}[\s-]?\d{3}[\s-]?\d{3}|\d{2}[\s-]\d{3}[\s-]\d{2}[\s-]\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"\b(ul\.|ulica|al\.|aleja|os\.|pl\.)\s*\p{Lu}[\p{L}.-]*(\s+\p{Lu}[\p{L}.-]*)*\s+\d+[a-zA-Z]?(\s*/\s*\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Street();

    [GeneratedRegex(@"\b(nazywam si[eę]|mam na imi[eę]|z tej strony|my name is|this is)\s+\p{Lu}\p{Ll}+(\s+\p{Lu}\p{Ll}+(-\p{Lu}\p{Ll}+)?)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IntroducedName();

    [GeneratedRegex(@"\b(pozdrawiam|z poważaniem|z powazaniem|regards|best regards)[,.]?\s+\p{Lu}\p{Ll}+(\s+\p{Lu}\p{Ll}+(-\p{Lu}\p{Ll}+)?)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SignedName();

    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = Email().Replace(text, "[e-mail]");
        text = Pesel().Replace(text, "[PESEL]");
        text = Phone().Replace(text, "[telefon]");
        text = Street().Replace(text, "[adres]");
        text = IntroducedName().Replace(text, m => m.Groups[1].Value + " [imię i nazwisko]");
        text = SignedName().Replace(text, m => m.Groups[1].Value + " [imię i nazwisko]");
        return text;
    }
}
