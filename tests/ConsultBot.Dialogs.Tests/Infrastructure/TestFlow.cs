using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs.Tests.Infrastructure;

/// <summary>
/// A fluent conversation script: <c>new TestFlow(adapter, bot).Send("x").AssertReply("y").StartTestAsync(ct)</c>.
/// Each <c>Send</c> runs one full turn; each <c>AssertReply</c> takes the next queued reply.
/// </summary>
internal sealed class TestFlow(TestAdapter adapter, Func<ITurnContext, CancellationToken, Task> bot)
{
    private readonly List<Func<CancellationToken, Task>> _steps = [];

    public TestFlow Send(string text) => Send(Activity.CreateMessageActivity(text));

    public TestFlow Send(Activity activity) => Then(ct => adapter.ProcessActivityAsync(activity, bot, ct));

    /// <summary>Sends a card button click (Action.Submit: no text, a value object).</summary>
    public TestFlow Click(JsonObject value) => Send(new Activity { Type = ActivityTypes.Message, Value = value });

    /// <summary>Clicks the button titled <paramref name="title"/> of the last card received (see <see cref="AssertReply(Action{Activity})"/>).</summary>
    public TestFlow ClickOnLastCard(string title) => Then(ct =>
    {
        var card = LastCard ?? throw new InvalidOperationException("No card was received.");
        var action = card["actions"]!.AsArray().First(a => (string?)a!["title"] == title)!;
        return adapter.ProcessActivityAsync(new Activity { Type = ActivityTypes.Message, Value = action["data"]!.DeepClone() }, bot, ct);
    });

    public JsonNode? LastCard { get; private set; }

    public TestFlow AssertReply(string expectedText) => AssertReply(reply => Assert.Equal(expectedText, ReplyText(reply)));

    public TestFlow AssertReplyContains(string expected) => AssertReply(reply => Assert.Contains(expected, ReplyText(reply), StringComparison.Ordinal));

    public TestFlow AssertReply(Action<Activity> check) => Then(_ =>
    {
        Assert.True(adapter.Replies.TryDequeue(out var reply), "Expected a reply, but the bot sent nothing more.");
        if (reply.Attachments?.FirstOrDefault(a => a.ContentType == ContentTypes.AdaptiveCard) is { } card)
        {
            LastCard = card.Content;
        }

        check(reply);
        return Task.CompletedTask;
    });

    public TestFlow AssertNoReply() => Then(_ =>
    {
        Assert.True(adapter.Replies.IsEmpty, $"Expected no more replies, got: {string.Join(" | ", adapter.Replies.Select(ReplyText))}");
        return Task.CompletedTask;
    });

    /// <summary>Runs arbitrary code between turns (a redeployment, an inspection of storage…).</summary>
    public TestFlow Do(Func<CancellationToken, Task> action) => Then(action);

    public TestFlow Do(Action action) => Then(_ =>
    {
        action();
        return Task.CompletedTask;
    });

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
        if (!string.IsNullOrEmpty(reply.Text))
        {
            return reply.Text;
        }

        var card = reply.Attachments?.FirstOrDefault(a => a.ContentType == ContentTypes.AdaptiveCard)?.Content;
        return card?["body"]?.AsArray().FirstOrDefault(b => (string?)b!["type"] == "TextBlock")?["text"]?.GetValue<string>() ?? string.Empty;
    }

    private TestFlow Then(Func<CancellationToken, Task> step)
    {
        _steps.Add(step);
        return this;
    }
}
