using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;
using Activity = ConsultBot.Protocol.Schema.Activity;

namespace ConsultBot.Reliability;

/// <summary>What one turn came back with: the HTTP status (0: no answer at all), the body and how long it took.</summary>
public sealed record TurnAnswer(int Status, string Body, double Ms)
{
    /// <summary>The question number of <c>dobierz model</c> the reply shows (<c>k/9</c>), or 0.</summary>
    public int Step
    {
        get
        {
            var matches = Chat.StepPattern().Matches(Body);
            return matches.Count == 0 ? 0 : int.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        }
    }

    public bool Acknowledged => Status == 200;

    /// <summary>The bot's "I can't save right now, try again in a few minutes" reply (pl or en).</summary>
    public bool SaysTryAgain => Text.Contains("Spróbuj ponownie", StringComparison.Ordinal) || Text.Contains("try again", StringComparison.OrdinalIgnoreCase);

    /// <summary>The body with JSON escapes undone (Polish letters arrive as <c>\u00F3</c>).</summary>
    public string Text
    {
        get
        {
            try
            {
                return Regex.Unescape(Body);
            }
            catch (ArgumentException)
            {
                return Body;
            }
        }
    }
}

/// <summary>One user in one personal chat, talking to whichever host it is given (hosts share the store).</summary>
public sealed partial class Chat
{
    private readonly HttpClient _http;
    private readonly FakeConnector _connector;
    private readonly string _aadObjectId = Guid.NewGuid().ToString();
    private readonly Dictionary<Uri, ConversationDriver> _drivers = [];

    public Chat(HttpClient http, FakeConnector connector, string conversationId, string userId)
    {
        _http = http;
        _connector = connector;
        ConversationId = conversationId;
        UserId = userId;
    }

    public string ConversationId { get; }

    public string UserId { get; }

    /// <summary>The step of the last acknowledged reply (0: not in the dialog).</summary>
    public int AckedStep { get; set; }

    /// <summary>A turn was in flight when its host died or the store went away: it may or may not have been applied.</summary>
    public bool Uncertain { get; set; }

    /// <summary>
    /// Answers the current question (or starts the dialog) and checks the step the reply shows against the last
    /// acknowledged one: lower is a lost turn, two ahead without an uncertain turn is a turn applied twice.
    /// Returns false when the turn was not acknowledged (no answer, an error status or the "try again" reply).
    /// </summary>
    public async Task<bool> AdvanceAsync(Uri messages, Tally tally, CancellationToken cancellationToken)
    {
        var starting = AckedStep == 0;
        var answer = await SendAsync(messages, starting ? "dobierz model" : "1", cancellationToken).ConfigureAwait(false);
        if (!answer.Acknowledged || answer.Step == 0)
        {
            if (answer.Acknowledged && !answer.SaysTryAgain)
            {
                tally.Fail($"{ConversationId}: 200 without a question and without a try-again reply: {Trim(answer.Text)}");
            }

            Uncertain = true;
            return false;
        }

        tally.Turn();
        var lowest = starting ? 1 : AckedStep + 1;
        var highest = starting ? 1 : AckedStep + (Uncertain ? 2 : 1);
        if (answer.Step < lowest)
        {
            tally.Lost($"{ConversationId} was at {AckedStep}/9, the reply shows {answer.Step}/9");
        }
        else if (answer.Step > highest)
        {
            tally.Duplicated($"{ConversationId} was at {AckedStep}/9, one answer moved it to {answer.Step}/9");
        }

        AckedStep = answer.Step;
        Uncertain = false;
        return true;
    }

    private static string Trim(string text) => text.Length > 160 ? text[..160] : text;

    /// <summary>The same person (one Entra object id, which the rate limit counts by) on every host.</summary>
    public ConversationDriver Driver(Uri messages)
    {
        lock (_drivers)
        {
            if (!_drivers.TryGetValue(messages, out var driver))
            {
                driver = new ConversationDriver(_http, messages, _connector.ServiceUrl, ConversationId, UserId, "Reliability " + UserId[^4..]);
                driver.User.AadObjectId = _aadObjectId;
                _drivers[messages] = driver;
            }

            return driver;
        }
    }

    /// <summary>A message with expectReplies, so the replies come back in the answer.</summary>
    public Activity Message(Uri messages, string text)
    {
        var activity = Driver(messages).NewMessage(text);
        activity.DeliveryMode = DeliveryModes.ExpectReplies;
        return activity;
    }

    public Task<TurnAnswer> SendAsync(Uri messages, string text, CancellationToken cancellationToken) =>
        PostAsync(messages, Message(messages, text), cancellationToken);

    public async Task<TurnAnswer> PostAsync(Uri messages, Activity activity, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await Driver(messages).PostAsync(activity, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                // A turn slower than Bot:AcknowledgeAfter finishes in the background and replies through the connector.
                return await LateAnswerAsync(activity.Id!, started, cancellationToken).ConfigureAwait(false);
            }

            return new TurnAnswer((int)response.StatusCode, body, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new TurnAnswer(0, e.Message, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task<TurnAnswer> LateAnswerAsync(string activityId, long started, CancellationToken cancellationToken)
    {
        try
        {
            await _connector.WaitForAsync(r => IsReplyTo(r, activityId), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var body = string.Join("\n", _connector.Requests.Where(r => IsReplyTo(r, activityId)).Select(r => r.Body));
            return new TurnAnswer(200, body, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (TimeoutException)
        {
            return new TurnAnswer(202, string.Empty, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private bool IsReplyTo(RecordedRequest request, string activityId) =>
        request.Succeeded && request.ConversationId == ConversationId && (request.ActivityId == activityId || request.Activity?.ReplyToId == activityId);

    /// <summary>Opens the ticket form and submits it; returns the ticket number shown to the asker, or null.</summary>
    public async Task<string?> EscalateAsync(Uri messages, string question, CancellationToken cancellationToken)
    {
        var driver = Driver(messages);
        var replies = await driver.SendAsync("konsultant", cancellationToken).ConfigureAwait(false);
        var form = replies.FirstCard();
        if (form is null)
        {
            return null;
        }

        var data = form.Actions().Single(a => a.Verb == "handoff.submit").Data;
        data["question"] = question;
        data["city"] = "Płock";
        data["topic"] = "partnership";
        data["urgency"] = "normal";
        data["consent"] = "false";
        var (status, body) = await driver.ExecuteAsync("handoff.submit", data, cancellationToken).ConfigureAwait(false);
        var match = TicketPattern().Match(body?.ToJsonString() ?? string.Empty);
        return status == HttpStatusCode.OK && match.Success ? match.Value : null;
    }

    [GeneratedRegex(@"(?<![0-9])([1-9])/9(?![0-9])")]
    internal static partial Regex StepPattern();

    [GeneratedRegex(@"KC-\d{6}")]
    internal static partial Regex TicketPattern();
}

/// <summary>One row of the table.</summary>
public sealed record ScenarioResult(string Scenario, long Turns, int Faults, int BadInputs, int Lost, int Duplicated, IReadOnlyList<string> Failures, string Notes)
{
    public bool Passed => Lost == 0 && Duplicated == 0 && Failures.Count == 0;
}

/// <summary>Counts and problems gathered while a scenario runs (from several workers).</summary>
public sealed class Tally
{
    private readonly object _gate = new();
    private readonly List<string> _failures = [];
    private long _turns;
    private int _faults;
    private int _bad;
    private int _lost;
    private int _duplicated;

    public long Turns => Interlocked.Read(ref _turns);

    public void Turn() => Interlocked.Increment(ref _turns);

    public void Fault(int count = 1) => Interlocked.Add(ref _faults, count);

    public void BadInput(int count = 1) => Interlocked.Add(ref _bad, count);

    public void Lost(string what)
    {
        Interlocked.Increment(ref _lost);
        Fail("lost: " + what);
    }

    public void Duplicated(string what)
    {
        Interlocked.Increment(ref _duplicated);
        Fail("duplicated: " + what);
    }

    public void Fail(string what)
    {
        lock (_gate)
        {
            if (_failures.Count < 12)
            {
                _failures.Add(what);
            }
        }
    }

    public ScenarioResult Result(string scenario, string notes)
    {
        lock (_gate)
        {
            return new ScenarioResult(scenario, Turns, _faults, _bad, _lost, _duplicated, [.. _failures], notes);
        }
    }
}
