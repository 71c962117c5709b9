using System.Reflection;
using System.Text.Json;
using ConsultBot.Assessment.Engine;

namespace ConsultBot.Assessment.Content;

/// <summary>What the cards say about each model (Content/models.json, embedded): tasks, conditions, benefits.</summary>
internal sealed record ModelLibrary(
    IReadOnlyList<SectorContent> Sectors,
    IReadOnlyList<AudienceContent> Audiences,
    IReadOnlyList<NextStepContent> NextSteps,
    IReadOnlyList<ModelContent> Models)
{
    private static readonly Lazy<ModelLibrary> Loaded = new(Load);

    /// <summary>The embedded content, parsed once.</summary>
    public static ModelLibrary Default => Loaded.Value;

    public ModelContent Get(CooperationModel model) => Models.First(m => m.Id == CooperationModels.Key(model));

    public SectorContent Sector(string id) => Sectors.First(s => s.Id == id);

    public AudienceContent Audience(string id) => Audiences.First(a => a.Id == id);

    private static ModelLibrary Load()
    {
        using var stream = typeof(ModelLibrary).Assembly.GetManifestResourceStream("ConsultBot.Assessment.Content.models.json")
            ?? throw new InvalidOperationException("Embedded resource Content/models.json is missing.");
        return JsonSerializer.Deserialize(stream, AssessmentJsonContext.Default.ModelLibrary)
            ?? throw new InvalidOperationException("Content/models.json is empty.");
    }
}

internal sealed record SectorContent(string Id, LocalizedText Name);

internal sealed record AudienceContent(string Id, LocalizedText Name);

internal sealed record NextStepContent(string Id, LocalizedText Text);

internal sealed record ModelContent(
    string Id,
    LocalizedText Name,
    LocalizedText Leader,
    LocalizedText Essence,
    LocalizedText Comparison,
    LocalizedText Requirement,
    IReadOnlyList<LocalizedText> WhenItFits,
    IReadOnlyList<LocalizedText> Features,
    IReadOnlyList<LocalizedText> SuccessConditions,
    IReadOnlyList<PartnerContent> Partners,
    IReadOnlyList<BenefitContent> Benefits,
    IReadOnlyList<string> Sectors)
{
    /// <summary>All checklist task ids of the model, in order.</summary>
    public IEnumerable<string> TaskIds => Partners.SelectMany(static p => p.Tasks).Select(static t => t.Id);
}

internal sealed record PartnerContent(string Sector, LocalizedText Name, IReadOnlyList<TaskContent> Tasks);

internal sealed record TaskContent(string Id, LocalizedText Text);

internal sealed record BenefitContent(string Audience, IReadOnlyList<LocalizedText> Items);
