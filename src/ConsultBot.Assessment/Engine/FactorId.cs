namespace ConsultBot.Assessment.Engine;

/// <summary>The nine assessment factors, in the contract's order (wire ids via <see cref="FactorCatalogue"/>).</summary>
public enum FactorId
{
    MigrantScale = 0,
    MigrationNovelty = 1,
    AdminCapacity = 2,
    NgoStrength = 3,
    CommunityActivity = 4,
    TrustLevel = 5,
    ProblemScope = 6,
    TimeHorizon = 7,
    LeaderCandidate = 8,
}
