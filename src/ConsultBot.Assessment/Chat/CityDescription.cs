using ConsultBot.Assessment.Engine;
using ConsultBot.Dialogs;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Assessment.Chat;

/// <summary>
/// Reads factor values from a city described in one message ("mamy 80 tys. mieszkańców, migrantów przybywa od dwóch lat,
/// w urzędzie mało ludzi, ale jest prężne stowarzyszenie — jaki model?"). The message is cut into clauses; a clause
/// counts for a factor only when it names the factor's topic (migrants, the city hall, NGOs, residents…), and the value is
/// then read with the factor's own answer recogniser (the one the step-by-step questions use: "mało", "sporo", option
/// titles) plus a few words that only make sense in a description ("prężne", "sami się organizują", "od dwóch lat").
/// The topic gate keeps one "mało" from answering five graded questions at once.
/// </summary>
internal static class CityDescription
{
    private static readonly string[] ClauseBreaks = [",", ";", ".", "\n", "—", "–", "!", "?", " ale ", " lecz ", " jednak ", " but ", " however ", " oraz ", " a "];

    private sealed record Reading(FactorId Factor, string[] Topic, (string Value, string[] Cues)[] Values, bool UseAnswerWords = true);

    // Cues are folded word prefixes or phrases, matched at a word start. Values are tried in order: negative ones first,
    // so "nie ma aktywnych organizacji" is weak, not strong.
    private static readonly Reading[] Readings =
    [
        new(FactorId.MigrantScale,
            ["migrant", "imigrant", "cudzoziem", "uchodzc", "obcokraj", "ukrain", "foreigner", "refugee", "newcomer", "immigrant"],
            [
                ("small", ["niewielu", "pojedyncz", "garstk", "kilka rodzin", "kilkanascie rodzin", "malo", "few", "a handful", "hardly any"]),
                ("large", ["duzo", "sporo", "wielu", "mnostwo", "tysiac", "duza grupa", "duza spolecznosc", "coraz wiecej", "many", "a lot", "lots", "large", "thousands"]),
                ("medium", ["troche", "kilkaset", "srednio", "some", "a few hundred"]),
            ],
            UseAnswerWords: false),
        new(FactorId.MigrationNovelty,
            ["migrant", "imigrant", "cudzoziem", "uchodzc", "obcokraj", "ukrain", "przybywa", "przyjezdz", "naplyw", "pojawil", "migracj",
             "foreigner", "refugee", "newcomer", "immigrant", "migration", "arriv"],
            [
                ("established", ["od lat", "od wielu lat", "od dawna", "od dekad", "od kilkunastu lat", "od dziesiecioleci", "od zawsze", "tradycyjnie",
                    "for years", "for decades", "for a long time", "long established"]),
                ("new", ["od niedawna", "od roku", "od dwoch lat", "od 2 lat", "od trzech lat", "od 3 lat", "od kilku lat", "od wojny", "od 2022", "przybywa",
                    "pojawil", "ostatnio", "w ostatnich latach", "niedawno", "dopiero", "nowe zjawisko", "nowa sytuacja",
                    "recent", "since the war", "since 2022", "for two years", "for 2 years", "last two years", "last few years", "arriving", "new"]),
            ],
            UseAnswerWords: false),
        new(FactorId.AdminCapacity,
            ["urzad", "urzedzie", "urzedu", "urzedni", "administracj", "kadr", "pracownik", "ratusz", "magistrat", "city hall", "staff", "administration", "council staff"],
            [
                ("limited", ["malo ludzi", "malo osob", "brak ludzi", "brakuje", "nie mamy", "nie ma kto", "nikogo", "ograniczon", "przeciazon", "malo", "brak",
                    "few", "little", "no one", "nobody", "understaffed", "limited", "short of", "overloaded"]),
                ("strong", ["duzy zespol", "mamy zespol", "jest zespol", "mamy koordynator", "jest koordynator", "silna", "silny", "duzo ludzi",
                    "strong", "a team", "large team", "a coordinator"]),
                ("moderate", ["kilka osob", "ktos", "troche", "umiarkowan", "jedna osoba", "some", "one person", "moderate"]),
            ]),
        new(FactorId.NgoStrength,
            ["ngo", "organizacj", "stowarzysz", "fundacj", "pozarzad", "association", "foundation", "non-governmental", "charit"],
            [
                ("weak", ["nie ma", "brak", "brakuje", "slab", "malo", "nie dziala", "none", "no ngo", "weak", "few"]),
                ("moderate", ["kilka", "rozwija", "umiarkowan", "raczkuj", "some", "a few", "growing"]),
                ("strong", ["prezn", "aktywn", "doswiadczon", "silne", "silna", "mocne", "mocna", "sporo", "duzo", "wiele", "pomaga", "dziala",
                    "strong", "active", "experienced", "helps", "helping", "already"]),
            ]),
        new(FactorId.CommunityActivity,
            ["mieszkan", "sasiad", "sasiedz", "spolecznosc", "oddoln", "rady osiedl", "rada osiedl", "wolontariusz", "parafi",
             "residents", "community", "neighbo", "grassroots", "volunteer", "locals", "people"],
            [
                ("low", ["bierni", "nieaktywn", "malo aktywn", "nie sa aktywn", "nie angazuj", "nie interesuj", "passive", "inactive", "not active", "not engaged"]),
                ("moderate", ["srednio", "czasem", "troche", "niektorzy", "sometimes", "some"]),
                ("high", ["sami sie organizuj", "sami organizuj", "organizuja sie", "bardzo aktywn", "aktywn", "angazuj", "pomagaja", "zaangazowan",
                    "organise themselves", "organize themselves", "self-organi", "very active", "active", "engaged", "help"]),
            ],
            UseAnswerWords: false),
        new(FactorId.TrustLevel,
            ["zaufan", "ufaj", "ufamy", "relacj", "dogadujemy", "trust", "relationship", "relations"],
            [
                ("low", ["brak zaufania", "malo zaufania", "nie ufaj", "niski", "niskie", "slab", "konflikt", "brak", "low", "little", "no trust", "poor"]),
                ("moderate", ["srednio", "umiarkowan", "rozne", "roznie", "moderate", "mixed"]),
                ("high", ["wysok", "duzo zaufania", "dobre relacje", "dobre", "ufamy", "ufaja", "dogadujemy", "high", "good", "strong"]),
            ]),
        new(FactorId.ProblemScope,
            ["problem", "obszar", "zatrudnien", "szkol", "edukac", "mieszkalnictw", "polityk", "area", "jobs", "schools", "policy", "issue"],
            [
                ("whole-policy", ["cala polityk", "calej polityki", "cala polityke", "kompleksow", "spojna polityk", "strategi", "whole policy", "comprehensive", "overall policy"]),
                ("several-areas", ["kilka obszar", "kilku obszar", "wiele obszar", "kilka problem", "several", "many areas"]),
                ("single-area", ["jeden obszar", "jeden problem", "jeden konkretny", "konkretny", "tylko", "glownie", "one area", "single", "only", "mainly"]),
            ],
            UseAnswerWords: false),
        new(FactorId.TimeHorizon,
            ["efekt", "rezultat", "wynik", "zalezy nam", "potrzebuj", "chcemy", "result", "effect", "need", "want", "build"],
            [
                ("quick-results", ["szybk", "na juz", "pilne", "pilnie", "jak najszybciej", "w kilka miesiecy", "do konca roku", "quick", "fast", "soon", "urgent"]),
                ("long-term", ["dlugofalow", "dlugoterminow", "na lata", "na dlugo", "long-term", "long term", "for the long run", "lasting"]),
            ],
            UseAnswerWords: false),
        new(FactorId.LeaderCandidate,
            ["lider", "poprowadz", "prowadzic", "koordynowa", "pokierowa", "na czele", "lead", "run it", "in charge"],
            []),
    ];

    /// <summary>The factor values the text states; unanswered factors stay null.</summary>
    public static AssessmentAnswers Read(string? text)
    {
        var answers = AssessmentAnswers.Empty;
        var folded = " " + TextMatching.Fold(text) + " ";
        if (folded.Trim().Length == 0)
        {
            return answers;
        }

        foreach (var clause in folded.Split(ClauseBreaks, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var reading in Readings)
            {
                if (answers.GetIndex(reading.Factor) is not null || !reading.Topic.Any(t => HasCue(clause, t)))
                {
                    continue;
                }

                if (ValueOf(reading, clause) is { } index)
                {
                    answers = answers.WithIndex(reading.Factor, index);
                }
            }
        }

        return answers;
    }

    private static int? ValueOf(Reading reading, string clause)
    {
        var factor = FactorCatalogue.Get(reading.Factor);
        foreach (var (value, cues) in reading.Values)
        {
            if (cues.Any(c => HasCue(clause, c)))
            {
                return factor.IndexOf(value);
            }
        }

        // The step-by-step recogniser, on the clause: option titles and the everyday words of each option.
        return reading.UseAnswerWords && ChoicePrompt.Recognize(clause, AnswerChoices.For(factor, AssessmentLocales.Polish)) is { } found ? found.Index : null;
    }

    // A cue matches at a word start (prefix of a word, or a phrase starting at one).
    private static bool HasCue(string clause, string cue)
    {
        var index = clause.IndexOf(cue, StringComparison.Ordinal);
        while (index >= 0)
        {
            if (index == 0 || !char.IsLetterOrDigit(clause[index - 1]))
            {
                return true;
            }

            index = clause.IndexOf(cue, index + 1, StringComparison.Ordinal);
        }

        return false;
    }
}
