using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using Xunit;

namespace ConsultBot.Testing.InMemory;

/// <summary>
/// A fluent conversation script, as in the Bot Framework SDK:
/// <c>new TestFlow(adapter, bot).Send("x").AssertReply("y").StartTestAsync(ct)</c>.
/// Steps run in order when <see cref="StartTestAsync"/> is awaited; each <c>Send</c> runs one full turn and each
/// <c>AssertReply</c> takes the next reply from <see cref="TestAdapter.ActiveQueue"/>.
/// </summary>
public sealed class TestFlow
{
    private readonly TestAdapter _adapter;
    private readonly Func<ITurnContext, CancellationToken, Task> _callback;
    private readonly List<Func<CancellationToken, Task>> _steps = [];

    public TestFlow(TestAdapter adapter, Func<ITurnContext, CancellationToken, Task> callback)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(callback);
        _adapter = adapter;
        _callback = callback;
    }

    public TestFlow(TestAdapter adapter, IBot bot)
        : this(adapter, (bot ?? throw new ArgumentNullException(nameof(bot))).OnTurnAsync)
    {
    }

    /// <summary>The Adaptive Card of the last reply that had one (taken by an <c>AssertReply</c>).</summary>
    public JsonNode? LastCard { get; private set; }

    public TestFlow Send(string text) => Send(Activity.CreateMessageActivity(text));

    public TestFlow Send(Activity activity) => Then(ct => _adapter.ProcessActivityAsync(activity, _callback, ct));

    /// <summary>Sends a card button click (Action.Submit: a message with no text and a value object).</summary>
    public TestFlow Click(JsonObject value) => Send(new Activity { Type = ActivityTypes.Message, Value = value });

    /// <summary>Clicks the button titled <paramref name="title"/> of <see cref="LastCard"/>.</summary>
    public TestFlow ClickOnLastCard(string title) => Then(ct =>
    {
        var card = LastCard ?? throw new InvalidOperationException("No card was received.");
        var action = card["actions"]!.AsArray().First(a => (string?)a!["title"] == title)!;
        return _adapter.ProcessActivityAsync(new Activity { Type = ActivityTypes.Message, Value = action["data"]!.DeepClone() }, _callback, ct);
    });

    /// <summary>Sends <paramref name="userSays"/> and expects <paramref name="expected"/> as the next reply.</summary>
    public TestFlow Test(string userSays, string expected) => Send(userSays).AssertReply(expected);

    public TestFlow AssertReply(string expectedText) => AssertReply(reply => Assert.Equal(expectedText, ReplyText(reply)));

    public TestFlow AssertReplyContains(string expected) => AssertReply(reply => Assert.Contains(expected, ReplyText(reply), StringComparison.Ordinal));

    public TestFlow AssertReply(Action<Activity> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Then(_ =>
        {
            var reply = _adapter.GetNextReply();
            Assert.True(reply is not null, "Expected a reply, but the bot sent nothing more.");
            if (reply.Attachments?.FirstOrDefault(a => a.ContentType == ContentTypes.AdaptiveCard) is { } card)
            {
                LastCard = card.Content;
            }

            check(reply);
            return Task.CompletedTask;
        });
    }

    public TestFlow AssertNoReply() => Then(_ =>
    {
        Assert.True(_adapter.ActiveQueue.IsEmpty, $"Expected no more replies, got: {string.Join(" | ", _adapter.ActiveQueue.Select(ReplyText))}");
        return Task.CompletedTask;
    });

    /// <summary>Runs arbitrary code between turns (a redeployment, an inspection of storage…).</summary>
    public TestFlow Do(Func<CancellationToken, Task> action) => Then(action);

    public TestFlow Do(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Then(_ =>
        {
            action();
            return Task.CompletedTask;
        });
    }

    public async Task StartTestAsync(CancellationToken cancellationToken)
    {
        foreach (var step in _steps)
        {
            await step(cancellationToken);
        }
    }

    /// <summary>The text of a reply, or the text of its card's first TextBlock.</summary>
    public static string ReplyText(Activity reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!string.IsNullOrEmpty(reply.Text))
        {
            return reply.Text;
        }

        var card = reply.Attachments?.FirstOrDefault(a => a.ContentType == ContentTypes.AdaptiveCard)?.Content;
        return card?["body"]?.AsArray().FirstOrDefault(b => (string?)b!["type"] == "TextBlock")?["text"]?.GetValue<string>() ?? string.Empty;
    }

    private TestFlow Then(Func<CancellationToken, Task> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _steps.Add(step);
        return this;
    }
}
