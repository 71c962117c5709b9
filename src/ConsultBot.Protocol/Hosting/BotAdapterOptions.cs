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
}
