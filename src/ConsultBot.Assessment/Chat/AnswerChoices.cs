using ConsultBot.Assessment.Engine;
using ConsultBot.Dialogs;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Assessment.Chat;

/// <summary>
/// What a typed answer may look like. The choice prompt already accepts the number, the title and the value (folded:
/// "sredni" = "Średni") and an unambiguous part of a title ("mieszk"); the synonyms add the other language's title and
/// the word forms people actually type ("duza", "srednia", "niskie", "tak"/"nie" for yes/no questions).
/// </summary>
internal static class AnswerChoices
{
    // Graded three-level factors share the words for "little", "medium", "a lot".
    private static readonly string[] Low =
        ["mało", "mała", "mały", "małe", "niewiele", "niska", "niski", "niskie", "słaba", "słaby", "słabe", "bardzo mało", "prawie wcale", "prawie nie ma", "żadnych", "brak", "low", "weak", "small", "few", "little", "none", "a few", "not many", "hardly any", "very few", "limited"];

    private static readonly string[] Medium =
        ["średnio", "średnia", "średni", "średnie", "umiarkowanie", "umiarkowana", "umiarkowany", "umiarkowane", "trochę", "w miarę", "tak sobie", "przeciętnie", "przeciętna", "przeciętny", "medium", "moderate", "some", "average", "moderately", "so so", "fair", "fairly"];

    private static readonly string[] High =
        ["dużo", "duża", "duży", "duże", "wysoka", "wysoki", "wysokie", "silna", "silny", "silne", "mocna", "mocne", "bardzo", "sporo", "wiele", "mnóstwo", "liczne", "liczna", "bardzo dużo", "całkiem dużo", "high", "strong", "large", "many", "big", "lots", "a lot", "plenty", "quite a lot", "very", "huge"];

    private static readonly Dictionary<(FactorId, string), string[]> Extra = new()
    {
        [(FactorId.MigrantScale, "small")] = ["pojedyncze", "niewielu", "garstka"],
        [(FactorId.MigrantScale, "large")] = ["wielu", "bardzo dużo"],
        [(FactorId.MigrationNovelty, "new")] = ["nowe", "nowa", "nowość", "nowy", "tak", "yes", "recent", "niedawno", "od niedawna", "ostatnio", "dopiero", "kilku", "od wojny", "wojna", "2022", "recently"],
        [(FactorId.MigrationNovelty, "established")] = ["od lat", "od dawna", "stare", "nie", "no", "long", "dawna", "zawsze", "od zawsze", "tradycyjnie", "wielu", "dekady", "decades", "always"],
        [(FactorId.AdminCapacity, "limited")] = ["ograniczona", "ograniczony", "brak", "brak zasobów"],
        [(FactorId.AdminCapacity, "strong")] = ["zespół", "koordynator"],
        [(FactorId.CommunityActivity, "high")] = ["aktywni", "bardzo aktywni", "aktywne"],
        [(FactorId.CommunityActivity, "low")] = ["nieaktywni", "bierni"],
        [(FactorId.ProblemScope, "single-area")] = ["jeden", "jedno", "jednego", "jeden problem", "one", "single", "konkretny"],
        [(FactorId.ProblemScope, "several-areas")] = ["kilka", "kilku", "several", "kilka problemów"],
        [(FactorId.ProblemScope, "whole-policy")] = ["cała", "całą", "całość", "polityka", "politykę", "policy", "whole", "system"],
        [(FactorId.TimeHorizon, "quick-results")] = ["szybko", "szybki", "szybkie", "szybkiego", "tak", "yes", "quick", "fast", "soon"],
        [(FactorId.TimeHorizon, "long-term")] = ["długo", "długoterminowo", "długofalowy", "na lata", "nie", "no", "long", "long term"],
        [(FactorId.LeaderCandidate, "city")] = ["urząd", "gmina", "samorząd", "prezydent", "burmistrz", "city", "city hall"],
        [(FactorId.LeaderCandidate, "ngo")] = ["organizacja", "organizacja pozarządowa", "fundacja", "stowarzyszenie"],
        [(FactorId.LeaderCandidate, "institution")] = ["szkoła", "ops", "mops", "pracodawca", "firma", "school", "employer"],
        [(FactorId.LeaderCandidate, "residents")] = ["oddolnie", "sąsiedzi", "rada osiedla", "grassroots"],
        [(FactorId.LeaderCandidate, "unknown")] = ["nikt", "brak lidera", "nie ma", "nobody", "unknown"],
    };

    private static readonly HashSet<string> SkipWords = new[]
    {
        "nie wiem", "niewiem", "nie wiem jeszcze", "trudno powiedzieć", "pomiń", "pomin", "pomijam", "dalej", "następne", "nastepne", "następne pytanie",
        "skip", "not sure", "dont know", "don't know", "i don't know", "no idea", "pass", "next",
    }.Select(TextMatching.Fold).ToHashSet(StringComparer.Ordinal);

    /// <summary>"nie wiem", "pomiń", "skip": leave the factor unanswered (the engine handles missing answers).</summary>
    public static bool IsSkip(string? text) => SkipWords.Contains(TextMatching.Fold(text));

    public static IReadOnlyList<Choice> For(Factor factor, string locale)
    {
        ArgumentNullException.ThrowIfNull(factor);
        var graded = factor.Options.Count == 3 && factor.Id is FactorId.MigrantScale or FactorId.AdminCapacity or FactorId.NgoStrength
            or FactorId.CommunityActivity or FactorId.TrustLevel;
        return [.. factor.Options.Select((o, i) =>
        {
            IEnumerable<string> synonyms = [o.Title.Pl, o.Title.En, o.Value];
            if (graded)
            {
                synonyms = synonyms.Concat(i switch { 0 => Low, 1 => Medium, _ => High });
            }

            if (Extra.TryGetValue((factor.Id, o.Value), out var extra))
            {
                synonyms = synonyms.Concat(extra);
            }

            return new Choice(o.Value, o.Title.Get(locale), [.. synonyms.Distinct(StringComparer.Ordinal)]);
        })];
    }
}
