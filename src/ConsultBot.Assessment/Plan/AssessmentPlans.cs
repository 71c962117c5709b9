using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Assessment.Chat;
using ConsultBot.Assessment.Content;
using ConsultBot.Assessment.Engine;
using ConsultBot.Protocol.State;

namespace ConsultBot.Assessment.Plan;

/// <summary>
/// Read-only access to one finished assessment of a user with its checklist and partner map, for the printable
/// partnership plan. The plan page has no turn (it is an HTTP request), so the user's state is read by its key.
/// </summary>
public interface IAssessmentPlans
{
    /// <summary>The plan of assessment <paramref name="assessmentId"/> of the user, in the locale's texts; null when gone.</summary>
    Task<PartnershipPlan?> FindAsync(string channelId, string userId, string assessmentId, string locale, CancellationToken cancellationToken);
}

/// <summary>What the plan page shows; every text already in the requested language.</summary>
/// <param name="Partners">Who does what: each partner with its tasks and whether the team ticked them.</param>
/// <param name="Gaps">Key partners of the model the partner map does not have yet.</param>
public sealed record PartnershipPlan(
    string AssessmentId,
    DateTimeOffset CompletedAt,
    string Model,
    string ModelName,
    string Leader,
    string Essence,
    IReadOnlyList<PlanPartner> Partners,
    IReadOnlyList<string> SuccessConditions,
    IReadOnlyList<string> NextSteps,
    IReadOnlyList<string> Gaps,
    bool PartnerMapFilled);

public sealed record PlanPartner(string Name, IReadOnlyList<PlanTask> Tasks);

public sealed record PlanTask(string Text, bool Done);

/// <summary>Creates the reader; registered by the feature that shows plans.</summary>
public static class AssessmentPlans
{
    public static IAssessmentPlans Create(IStorage storage) => new AssessmentPlanReader(storage);
}

internal sealed class AssessmentPlanReader(IStorage storage) : IAssessmentPlans
{
    public async Task<PartnershipPlan?> FindAsync(string channelId, string userId, string assessmentId, string locale, CancellationToken cancellationToken)
    {
        // The same key and property names as UserState and AssessmentStore.
        var key = $"{channelId}/users/{userId}";
        var items = await storage.ReadAsync([key], cancellationToken).ConfigureAwait(false);
        if (!items.TryGetValue(key, out var item) || JsonNode.Parse(item.Json) is not JsonObject state)
        {
            return null;
        }

        var json = AssessmentJsonContext.Default;
        var history = state[AssessmentStore.HistoryProperty]?.Deserialize(json.AssessmentHistory) ?? AssessmentHistory.Empty;
        if (history.Find(assessmentId) is not { } record)
        {
            return null;
        }

        var checklists = state[AssessmentStore.ChecklistsProperty]?.Deserialize(json.ChecklistProgress) ?? ChecklistProgress.Empty;
        var map = state[AssessmentStore.PartnerMapProperty]?.Deserialize(json.PartnerMapProgress) ?? PartnerMapProgress.Empty;
        var library = ModelLibrary.Default;
        var content = library.Get(record.Recommended);
        var done = checklists.For(record.Recommended).ToHashSet(StringComparer.Ordinal);
        return new PartnershipPlan(
            record.Id,
            record.CompletedAt,
            content.Id,
            content.Name.Get(locale),
            content.Leader.Get(locale),
            content.Essence.Get(locale),
            [.. content.Partners.Select(p => new PlanPartner(p.Name.Get(locale), [.. p.Tasks.Select(t => new PlanTask(t.Text.Get(locale), done.Contains(t.Id)))]))],
            [.. content.SuccessConditions.Select(c => c.Get(locale))],
            [.. library.NextSteps.Select(s => s.Text.Get(locale))],
            [.. content.Sectors.Where(s => !map.Sectors.Contains(s)).Select(s => library.Sector(s).Name.Get(locale))],
            map.Sectors.Count > 0);
    }
}
