using ConsultBot.Protocol.Schema;

namespace ConsultBot.Testing;

/// <summary>The Bot Connector operation a request addressed (protocol.md §4).</summary>
public enum FakeConnectorRoute
{
    /// <summary>Matches every route (for scripted failures).</summary>
    Any,
    SendToConversation,
    ReplyToActivity,
    UpdateActivity,
    DeleteActivity,
    CreateConversation,
    GetMembers,
    GetPagedMembers,
    GetMember,
    GetActivityMembers,
    Unknown,
}

/// <summary>One request the <see cref="FakeConnector"/> received, and what it answered.</summary>
public sealed record RecordedRequest(
    int Sequence,
    DateTimeOffset ReceivedAt,
    string Method,
    string RawPath,
    string? Query,
    FakeConnectorRoute Route,
    string? ConversationId,
    string? ActivityId,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    Activity? Activity,
    ConversationParameters? ConversationParameters,
    int StatusCode)
{
    /// <summary>What the fake answered (JSON), or null for an empty answer.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>The <c>Authorization</c> header, or null when none was sent.</summary>
    public string? Authorization => Header("Authorization");

    /// <summary>True when the fake answered 2xx (the activity counts as delivered).</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;

    /// <summary>A header value (case-insensitive name), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"#{Sequence} {Method} {RawPath} → {StatusCode}";
}
