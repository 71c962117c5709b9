using System.ComponentModel.DataAnnotations;

namespace ConsultBot.Protocol.Hosting;

/// <summary>How <c>/api/messages</c> treats requests (configuration section <c>Bot</c>).</summary>
public sealed class BotAdapterOptions
{
    /// <summary>Largest accepted activity body; larger bodies get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// A turn still running after this long is acknowledged with 202 and finishes in the background,
    /// replying through the connector (Teams re-sends after ~15 s).
    /// </summary>
    public TimeSpan AcknowledgeAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A typing indicator goes out when a message turn takes longer than this.</summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long processed activity ids are remembered, so Teams retries are processed once.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Turns of one conversation that may wait behind the running one; more are refused with 429.</summary>
    [Range(1, 1000)]
    public int MaxQueuedTurnsPerConversation { get; set; } = 32;

    /// <summary>
    /// How long a conversation lease lives when several hosts share the store (PostgreSQL): longer than the
    /// slowest turn, short enough that a crashed host's conversations are free again soon.
    /// </summary>
    public TimeSpan ConversationLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a turn waits for another host's lease on its conversation before it runs anyway (the ETag check still guards state).</summary>
    public TimeSpan ConversationLeaseWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a turn waits, at most, for requests that arrived before it and may belong to the same conversation
    /// to join the line (reading and authenticating them is asynchronous and can reorder them); see <see cref="ArrivalOrder"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan ArrivalOrderWait { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// With several hosts on one store: a turn commits no sooner than this after it arrived, so that an earlier message
    /// of the same person that a load balancer sent to another host has announced itself and goes first. Only the part
    /// the turn did not already spend working is waited; 0 turns it off (one host on PostgreSQL needs no wait).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan CrossHostOrderWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Outside Development the host refuses to start without <c>MicrosoftAppId</c> unless this is set
    /// explicitly (then every request is accepted without a token, and a warning is logged at every start).
    /// </summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>Activities one user (or, without a user, one conversation) may send per <see cref="RateLimitWindow"/>.</summary>
    [Range(1, 100_000)]
    public int RateLimitPermits { get; set; } = 30;

    /// <summary>The window of <see cref="RateLimitPermits"/>.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(10);
}
