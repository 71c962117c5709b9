using ConsultBot.Assessment.Engine;

namespace ConsultBot.Assessment.Cards;

/// <summary>
/// Turns raw engine points (which can be negative and depend on how many questions were answered) into a 0–100 fit
/// for the cards. One affine scale for all four models — 0 = the lowest total any model could get from the answered
/// questions, 100 = the highest — so the order of the ranking never changes, and a negative sum never reaches the user.
/// </summary>
internal readonly record struct FitScale(int Low, int High)
{
    public static FitScale For(AssessmentAnswers answers)
    {
        var low = int.MaxValue;
        var high = int.MinValue;
        foreach (var model in CooperationModels.All)
        {
            var min = 0;
            var max = 0;
            foreach (var factor in FactorCatalogue.All.Where(f => answers.GetIndex(f.Id) is not null))
            {
                var points = factor.Options.Select(o => AssessmentWeights.Get(factor.Id, o.Value).PointsFor(model)).ToArray();
                min += points.Min();
                max += points.Max();
            }

            low = Math.Min(low, min);
            high = Math.Max(high, max);
        }

        return new FitScale(low, high);
    }

    public int Fit(int score) =>
        High <= Low ? 0 : (int)Math.Round(100.0 * Math.Clamp(score - Low, 0, High - Low) / (High - Low), MidpointRounding.AwayFromZero);

    /// <summary>"▰▰▰▰▰▰▰▱▱▱" for 72: one block per started ten, rounded to the nearest.</summary>
    public static string Bar(int fit)
    {
        var full = Math.Clamp((int)Math.Round(fit / 10.0, MidpointRounding.AwayFromZero), 0, 10);
        return new string('▰', full) + new string('▱', 10 - full);
    }

    public static string Label(int fit, string locale) => AssessmentTexts.Get(
        fit switch
        {
            >= 75 => nameof(Resources.AssessmentStrings.FitVeryGood),
            >= 55 => nameof(Resources.AssessmentStrings.FitGood),
            >= 35 => nameof(Resources.AssessmentStrings.FitPartial),
            _ => nameof(Resources.AssessmentStrings.FitWeak),
        },
        locale);
}
