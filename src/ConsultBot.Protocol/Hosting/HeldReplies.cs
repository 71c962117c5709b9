using ConsultBot.Protocol.Schema;

namespace ConsultBot.Protocol.Hosting;

/// <summary>
/// What a turn sent, updated or deleted, held back until the turn's state is committed: a user never
/// sees a reply whose state was not stored, and a turn re-run after losing a commit race leaves no
/// trace of its first run. For <c>expectReplies</c> the held activities become the HTTP answer.
/// </summary>
public sealed class HeldReplies(bool expectReplies)
{
    private readonly List<HeldOperation> _operations = [];

    /// <summary>True when the replies go back in the HTTP body instead of through the connector.</summary>
    public bool ExpectReplies { get; } = expectReplies;

    public IReadOnlyList<HeldOperation> Operations
    {
        get
        {
            lock (_operations)
            {
                return [.. _operations];
            }
        }
    }

    public void Add(HeldOperation operation)
    {
        lock (_operations)
        {
            _operations.Add(operation);
        }
    }

    /// <summary>Drops everything held (a failed or re-run turn).</summary>
    public void Clear()
    {
        lock (_operations)
        {
            _operations.Clear();
        }
    }

    /// <summary>The activities for an <c>expectReplies</c> body, in the order the turn produced them.</summary>
    public List<Activity> ToExpectedReplies() => [.. Operations.Where(o => o.Kind != HeldOperationKind.Delete).Select(o => o.Activity!)];
}

public enum HeldOperationKind
{
    Send,
    Update,
    Delete,
}

/// <summary>One held outgoing operation; <see cref="ActivityId"/> is the target of an update or delete.</summary>
public sealed record HeldOperation(HeldOperationKind Kind, string ServiceUrl, string ConversationId, Activity? Activity, string? ActivityId);
