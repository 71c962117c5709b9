using ConsultBot.Protocol.Turn;
using ConsultBot.Testing.InMemory;

namespace ConsultBot.Protocol.Tests.Turn;

/// <summary>
/// Dialog continuation is the router's job: an active dialog gets a message before the commands, and may hand it on
/// ("not mine, go on"), after which it hears whether another route took it.
/// </summary>
public sealed class DialogRoutingTests
{
    // A one-question "dialog": active until answered with a number; anything else is not its business.
    private sealed class NumberQuestion
    {
        public bool Active { get; set; } = true;

        public List<bool> AfterCalls { get; } = [];

        public void Register(BotApplication app, RouteRank upTo)
        {
            app.OnDialog((_, _) => ValueTask.FromResult(Active), async (turn, ct) =>
            {
                if (int.TryParse(turn.Activity.Text, out var n))
                {
                    Active = false;
                    await turn.SendActivityAsync($"answer {n}", ct);
                    return DialogTurn.Handled;
                }

                return DialogTurn.NotMine(upTo, async (t, taken, c) =>
                {
                    AfterCalls.Add(taken);
                    await t.SendActivityAsync(taken ? "back to the question" : "please give a number", c);
                });
            });
        }
    }

    private static (BotApplication App, NumberQuestion Dialog) CreateBot(RouteRank upTo)
    {
        var app = new BotApplication();
        var dialog = new NumberQuestion();
        app.OnMessage(["help"], (turn, ct) => turn.SendActivityAsync("help text", ct));
        dialog.Register(app, upTo);
        app.OnMessage(["status"], (turn, ct) => turn.SendActivityAsync("status text", ct));
        app.OnMessage((turn, ct) => turn.SendActivityAsync("faq: " + turn.Activity.Text, ct), RouteRank.Last);
        return (app, dialog);
    }

    [Fact]
    public async Task Active_dialog_answers_before_a_command_registered_earlier()
    {
        var (app, _) = CreateBot(RouteRank.Normal);
        await new TestFlow(new TestAdapter(), app)
            .Test("7", "answer 7")
            .StartTestAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Command_at_the_prompt_is_handed_on_and_the_dialog_asks_again()
    {
        var (app, dialog) = CreateBot(RouteRank.Normal);
        await new TestFlow(new TestAdapter(), app)
            .Send("status").AssertReply("status text").AssertReply("back to the question")
            .StartTestAsync(TestContext.Current.CancellationToken);
        Assert.Equal([true], dialog.AfterCalls);
        Assert.True(dialog.Active);
    }

    [Fact]
    public async Task Handing_on_stops_at_the_given_rank()
    {
        // Up to Normal: the last-resort route is not asked, so nobody took the message.
        var (app, dialog) = CreateBot(RouteRank.Normal);
        await new TestFlow(new TestAdapter(), app)
            .Send("what is this").AssertReply("please give a number")
            .StartTestAsync(TestContext.Current.CancellationToken);
        Assert.Equal([false], dialog.AfterCalls);
    }

    [Fact]
    public async Task Handing_on_to_every_rank_reaches_the_last_resort_route()
    {
        var (app, _) = CreateBot(DialogTurn.AnyRank);
        await new TestFlow(new TestAdapter(), app)
            .Send("what is this").AssertReply("faq: what is this").AssertReply("back to the question")
            .StartTestAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Routes_before_the_dialog_are_not_asked_again_when_it_hands_on()
    {
        // "help" is a Normal route registered before the dialog, but Dialog ranks before Normal: the dialog sees it first,
        // hands it on, and the help route (after the dialog's rank) answers.
        var (app, _) = CreateBot(RouteRank.Normal);
        await new TestFlow(new TestAdapter(), app)
            .Send("help").AssertReply("help text").AssertReply("back to the question")
            .StartTestAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Without_an_active_dialog_the_router_goes_straight_to_the_commands()
    {
        var (app, dialog) = CreateBot(RouteRank.Normal);
        dialog.Active = false;
        await new TestFlow(new TestAdapter(), app)
            .Send("help").AssertReply("help text").AssertNoReply()
            .StartTestAsync(TestContext.Current.CancellationToken);
        Assert.Empty(dialog.AfterCalls);
    }

    [Fact]
    public void Route_table_lists_routes_in_the_order_they_are_tried_with_their_feature()
    {
        var app = new BotApplication();
        app.AddFeature(new SampleFeature());
        app.OnMessage((turn, ct) => Task.CompletedTask, RouteRank.Last);

        Assert.Equal(
        [
            "Dialog  Sample          active dialog (λ) → λ",
            "Normal  Sample          message = hi | hello → λ",
            "Last    app             any message → λ",
            "card    Sample          sample.go [Anyone] → λ",
        ], app.RouteTable);
    }

    private sealed class SampleFeature : IBotFeature
    {
        public void Register(BotApplication app)
        {
            app.OnMessage(["hi", "hello"], (turn, ct) => Task.CompletedTask);
            app.OnDialog((_, _) => ValueTask.FromResult(false), (_, _) => Task.FromResult(DialogTurn.Handled));
            app.OnCardAction("sample.go", CardActionAccess.Anyone, (_, _, _) => Task.FromResult(Schema.AdaptiveCardInvokeResponse.Message("ok")));
        }
    }
}
