using System.Text.RegularExpressions;
using ConsultBot.Knowledge.Analysis;

namespace ConsultBot.Knowledge.Search;

/// <summary>
/// "Which model fits us?" after a description of the city. The seed's "when to choose" criteria per model: many
/// migrants, a developed administration and a wish for a strategy (strategic); active, experienced NGOs and a city
/// short of hands (operational); one clear problem with an obvious institutional leader such as an employer or a school
/// (functional); active neighbourhoods and migration that is new (relational). The description's cues pick the model
/// whose "when" entry answers; cues for two models equally leave it open (a suggestion).
/// </summary>
internal static partial class ModelFit
{
    private static readonly (Facet Model, Regex Cues)[] Cues =
    [
        (Facet.Strategic, Strategic()),
        (Facet.Operational, Operational()),
        (Facet.Functional, Functional()),
        (Facet.Relational, Relational()),
    ];

    /// <summary>The question part asks which model fits, without naming one.</summary>
    public static bool AsksWhichModel(string question, Facet questionFacets) =>
        (questionFacets & QueryFacets.Models) == Facet.None && WhichModel().IsMatch(TextFolding.Fold(question));

    /// <summary>The model the description points to, or <see cref="Facet.None"/> when no model has more cues than every other.</summary>
    public static Facet Of(string message)
    {
        var folded = TextFolding.Fold(message);
        Facet best = Facet.None;
        int bestCount = 0, second = 0;
        foreach (var (model, cues) in Cues)
        {
            var count = cues.Matches(folded).Select(m => m.Value).Distinct(StringComparer.Ordinal).Count();
            if (count > bestCount)
            {
                (second, bestCount, best) = (bestCount, count, model);
            }
            else if (count > second)
            {
                second = count;
            }
        }

        return bestCount > second ? best : Facet.None;
    }

    [GeneratedRegex(@"\b((jaki|jakiego|ktory|ktorego|ktoregos|which|what) (\w+ ){0,2}(model\w*|approach)|w ktora strone|pasuje do \w+ model\w*|(model|approach) (should|would|fits?|suits?))")]
    private static partial Regex WhichModel();

    [GeneratedRegex(@"\b(strategi\w*|polityk\w*|spojn\w*|systemow\w*|rozbudowan\w*|rozwinie\w*|administracj\w*|prezydent\w*|tysiec\w* cudzoziem\w*|tysiecy cudzoziem\w*|duzo (migrant|cudzoziem)\w*|wielu (migrant|cudzoziem)\w*|policy|policies|strategy|coherent|mayor|strong departments|large (foreign|migrant)\w*)\b")]
    private static partial Regex Strategic();

    [GeneratedRegex(@"\b(fundacj\w*|stowarzysz\w*|ngo\w*|organizacj\w* pozarzadow\w*|malo ludzi|brak ludzi|nie damy rady|slab\w* kadrow\w*|ograniczon\w*|(2|dwie|dwoch) osob\w*|foundation\w*|associations?|just two people|limited|reach \w+ fast)\b")]
    private static partial Regex Operational();

    [GeneratedRegex(@"\b(pracodaw\w*|zaklad\w*|firm[aey]?|przedsiebior\w*|szkol[aey]|dyrektork\w*|konkretn\w* problem\w*|jeden obszar|jednym obszarze|rotacj\w*|odchodz\w*|employers?|company|factory|turnover|one school|a school)\b")]
    private static partial Regex Functional();

    [GeneratedRegex(@"\b(sasi[ae]d\w*|rad[ay]? osiedl\w*|parafi\w*|kol[ao] gospodyn|festyn\w*|(sami|same) (sie )?organizuj\w*|angazuj\w*|znaja sie|nowosc\w*|nowe zjawisko|niewielu|neighbou?r\w*|parish\w*|themselves|only started|started arriving)\b")]
    private static partial Regex Relational();
}
