namespace ConsultBot.Assessment.Engine;

/// <summary>
/// What the user said about the city. Any factor may be missing (null = not answered / unknown).
/// Serialises (camelCase) to the API's <c>answers</c> shape: <c>{"migrantScale": "large", …}</c>.
/// </summary>
public sealed record AssessmentAnswers
{
    public MigrantScale? MigrantScale { get; init; }

    public MigrationNovelty? MigrationNovelty { get; init; }

    public AdminCapacity? AdminCapacity { get; init; }

    public NgoStrength? NgoStrength { get; init; }

    public CommunityActivity? CommunityActivity { get; init; }

    public TrustLevel? TrustLevel { get; init; }

    public ProblemScope? ProblemScope { get; init; }

    public TimeHorizon? TimeHorizon { get; init; }

    public LeaderCandidate? LeaderCandidate { get; init; }

    /// <summary>No answers at all.</summary>
    public static AssessmentAnswers Empty { get; } = new();

    /// <summary>The option index chosen for a factor, or null when unanswered.</summary>
    public int? GetIndex(FactorId factor) => factor switch
    {
        FactorId.MigrantScale => (int?)MigrantScale,
        FactorId.MigrationNovelty => (int?)MigrationNovelty,
        FactorId.AdminCapacity => (int?)AdminCapacity,
        FactorId.NgoStrength => (int?)NgoStrength,
        FactorId.CommunityActivity => (int?)CommunityActivity,
        FactorId.TrustLevel => (int?)TrustLevel,
        FactorId.ProblemScope => (int?)ProblemScope,
        FactorId.TimeHorizon => (int?)TimeHorizon,
        FactorId.LeaderCandidate => (int?)LeaderCandidate,
        _ => throw new ArgumentOutOfRangeException(nameof(factor), factor, null),
    };

    /// <summary>A copy with one factor set to an option index (null clears it).</summary>
    public AssessmentAnswers WithIndex(FactorId factor, int? index)
    {
        if (index is { } i && (i < 0 || i >= FactorCatalogue.Get(factor).Options.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Factor {FactorCatalogue.Get(factor).Key} has {FactorCatalogue.Get(factor).Options.Count} options.");
        }

        return factor switch
        {
            FactorId.MigrantScale => this with { MigrantScale = (MigrantScale?)index },
            FactorId.MigrationNovelty => this with { MigrationNovelty = (MigrationNovelty?)index },
            FactorId.AdminCapacity => this with { AdminCapacity = (AdminCapacity?)index },
            FactorId.NgoStrength => this with { NgoStrength = (NgoStrength?)index },
            FactorId.CommunityActivity => this with { CommunityActivity = (CommunityActivity?)index },
            FactorId.TrustLevel => this with { TrustLevel = (TrustLevel?)index },
            FactorId.ProblemScope => this with { ProblemScope = (ProblemScope?)index },
            FactorId.TimeHorizon => this with { TimeHorizon = (TimeHorizon?)index },
            FactorId.LeaderCandidate => this with { LeaderCandidate = (LeaderCandidate?)index },
            _ => throw new ArgumentOutOfRangeException(nameof(factor), factor, null),
        };
    }

    /// <summary>The wire value chosen for a factor, or null.</summary>
    public string? GetValue(FactorId factor) =>
        GetIndex(factor) is { } i ? FactorCatalogue.Get(factor).Options[i].Value : null;

    /// <summary>A copy with a factor set by wire ids; false when the factor or value is unknown.</summary>
    public bool TryWith(string factorKey, string value, out AssessmentAnswers result)
    {
        result = this;
        if (!FactorCatalogue.TryGet(factorKey, out var factor))
        {
            return false;
        }

        var index = factor.IndexOf(value);
        if (index < 0)
        {
            return false;
        }

        result = WithIndex(factor.Id, index);
        return true;
    }

    /// <summary>How many factors are answered.</summary>
    public int AnsweredCount => FactorCatalogue.All.Count(f => GetIndex(f.Id) is not null);

    /// <summary>The first unanswered factor in catalogue order, or null when all are answered.</summary>
    public FactorId? FirstUnanswered => FactorCatalogue.All.FirstOrDefault(f => GetIndex(f.Id) is null)?.Id;

    /// <summary>The answered factors as wire id → wire value, in catalogue order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToWire() =>
        [.. FactorCatalogue.All.Where(f => GetIndex(f.Id) is not null).Select(f => KeyValuePair.Create(f.Key, GetValue(f.Id)!))];
}
