namespace ConsultBot.Assessment.Engine;

/// <summary>Names and leaders of the four models (the comparison table of the seed).</summary>
public static class CooperationModels
{
    /// <summary>All models in their fixed order (also the tie-break order of the ranking).</summary>
    public static IReadOnlyList<CooperationModel> All { get; } =
        [CooperationModel.Strategic, CooperationModel.Operational, CooperationModel.Functional, CooperationModel.Relational];

    /// <summary>The wire id: <c>strategic</c>, <c>operational</c>, <c>functional</c>, <c>relational</c>.</summary>
    public static string Key(CooperationModel model) => model switch
    {
        CooperationModel.Strategic => "strategic",
        CooperationModel.Operational => "operational",
        CooperationModel.Functional => "functional",
        CooperationModel.Relational => "relational",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>Parses a wire id.</summary>
    public static bool TryParse(string? key, out CooperationModel model)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Key(candidate), key, StringComparison.OrdinalIgnoreCase))
            {
                model = candidate;
                return true;
            }
        }

        model = default;
        return false;
    }

    /// <summary>Who leads the model.</summary>
    public static ModelLeader Leader(CooperationModel model) => model switch
    {
        CooperationModel.Strategic => ModelLeader.City,
        CooperationModel.Operational => ModelLeader.Ngo,
        CooperationModel.Functional => ModelLeader.Institution,
        CooperationModel.Relational => ModelLeader.Residents,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>"Model strategiczny" / "Strategic model".</summary>
    public static LocalizedText Name(CooperationModel model) => model switch
    {
        CooperationModel.Strategic => new("Model strategiczny", "Strategic model"),
        CooperationModel.Operational => new("Model operacyjny", "Operational model"),
        CooperationModel.Functional => new("Model funkcjonalny", "Functional model"),
        CooperationModel.Relational => new("Model relacyjny", "Relational model"),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>The leader as people say it.</summary>
    public static LocalizedText LeaderName(ModelLeader leader) => leader switch
    {
        ModelLeader.City => new("miasto (JST)", "the city (local government)"),
        ModelLeader.Ngo => new("organizacja pozarządowa (NGO)", "a non-governmental organisation (NGO)"),
        ModelLeader.Institution => new("instytucja (np. pracodawca, szkoła, OPS)", "an institution (e.g. an employer, a school, social services)"),
        ModelLeader.Residents => new("mieszkańcy (inicjatywa oddolna)", "residents (a grassroots initiative)"),
        _ => throw new ArgumentOutOfRangeException(nameof(leader), leader, null),
    };
}
