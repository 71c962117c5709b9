using ConsultBot.Handoff.Storage;

namespace ConsultBot.Handoff.Outbox;

/// <summary>
/// The outbox's three lanes. New items sit at <c>handoff/outbox/{createdTicks}-{guid}</c> (written by the
/// ticket change that caused them), so that lane lists oldest first and holds only items nobody tried yet.
/// An item that failed moves to <c>handoff/outbox-retry/{dueTicks}/{id}</c>, so that lane lists in due order
/// and a pass stops reading at the first item not yet due. Given-up items go to <c>handoff/outbox-dead/{id}</c>.
/// Neither a backing-off nor a given-up item is ever in front of a new one.
/// </summary>
internal static class OutboxKeys
{
    public const string FreshPrefix = HandoffKeys.OutboxPrefix;
    public const string RetryPrefix = "handoff/outbox-retry/";
    public const string DeadPrefix = "handoff/outbox-dead/";

    /// <summary>Key order is due order: the ticks are zero-padded to a fixed width.</summary>
    public static string Retry(OutboxItem item) => $"{RetryPrefix}{item.NextAttemptAt.UtcTicks:D19}/{item.Id}";

    public static string Dead(string id) => DeadPrefix + id;
}
