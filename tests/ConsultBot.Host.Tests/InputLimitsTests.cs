using System.Net;
using System.Text.Json.Nodes;
using ConsultBot.Handoff.Storage;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>
/// Over-long texts are refused on the server, whatever the client let through: the sender is told which text
/// and by how much, and nothing of it is stored or shown to anyone else. The open endpoints are rate-limited.
/// </summary>
public sealed class InputLimitsTests
{
    private const string ConsultantsChannel = "19:consultants@thread.tacv2";

    [Fact]
    public async Task An_over_long_message_is_refused_with_its_length_and_the_limit_and_the_next_one_works()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var anna = bot.PersonalChat();

        var refused = await anna.SendAsync("Jak zacząć współpracę z NGO? " + new string('x', 5000), ct);
        var text = refused.AllText();
        Assert.Contains("za długa", text, StringComparison.Ordinal);
        Assert.Contains("5029", text, StringComparison.Ordinal);
        Assert.Contains("4000", text, StringComparison.Ordinal);

        var answered = await anna.SendAsync("Jak zacząć współpracę z NGO?", ct);
        Assert.DoesNotContain("za długa", answered.AllText(), StringComparison.Ordinal);
        Assert.NotEmpty(answered);
    }

    [Fact]
    public async Task An_over_long_message_in_english_gets_the_notice_in_english()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var john = bot.PersonalChat(userId: "29:user-john", userName: "John Smith", locale: "en-US");

        var refused = await john.SendAsync("How do we start working with NGOs in our city? " + string.Concat(Enumerable.Repeat("please help us ", 400)), ct);

        Assert.Contains("too long", refused.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_escalation_form_with_an_over_long_city_creates_no_ticket_and_says_which_field()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connector = await FakeConnector.StartAsync(cancellationToken: ct);
        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>
        {
            ["Handoff:ConsultantsConversationId"] = ConsultantsChannel,
            ["Handoff:ServiceUrl"] = connector.ServiceUrl,
            ["Handoff:WorkingHours:Enabled"] = "false",
        }, connector: connector);
        var anna = bot.PersonalChat();
        var form = (await anna.SendAsync("konsultant", ct)).FirstCard() ?? throw new InvalidOperationException("no form card");
        var data = form.Actions().Single(a => a.Verb == "handoff.submit").Data;
        data["question"] = "Czy OPS może zatrudnić tłumacza?";
        data["city"] = new string('K', 150);
        data["topic"] = "partnership";
        data["urgency"] = "normal";
        data["consent"] = "false";

        var (status, body) = await anna.ExecuteAsync("handoff.submit", (JsonObject)data.DeepClone(), ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/vnd.microsoft.activity.message", body!["type"]!.GetValue<string>());
        var notice = body["value"]!.GetValue<string>();
        Assert.Contains("Miasto", notice, StringComparison.Ordinal);
        Assert.Contains("150", notice, StringComparison.Ordinal);
        Assert.Contains("100", notice, StringComparison.Ordinal);
        var tickets = bot.Services.GetRequiredService<TicketStore>();
        Assert.Empty(await tickets.ListByAskerAsync("29:user-anna", ct));

        // Shortened, the same form goes through.
        data["city"] = "Kalisz";
        var (accepted, confirmation) = await anna.ExecuteAsync("handoff.submit", data, ct);
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Matches("KC-\\d{6}", confirmation!.ToJsonString());
        var ticket = Assert.Single(await tickets.ListByAskerAsync("29:user-anna", ct));
        Assert.Equal("Kalisz", ticket.City);
    }

    [Fact]
    public async Task An_over_long_field_in_a_submitted_card_is_refused_before_any_feature_reads_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var anna = bot.PersonalChat();

        var replies = await anna.SubmitAsync(new JsonObject { ["verb"] = "assessment.submitForm", ["note"] = new string('n', 1500) }, ct);

        Assert.Contains("jedno z pól formularza", replies.AllText(), StringComparison.Ordinal);
        Assert.Contains("1500", replies.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_open_search_endpoint_answers_429_with_retry_after_and_a_problem_past_its_limit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>
        {
            ["RateLimiting:OpenEndpointPermits"] = "5",
            ["RateLimiting:OpenEndpointWindow"] = "00:01:00",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await bot.Http.GetAsync(new Uri(bot.BaseAddress, "/api/faq/search?q=lider%20modelu%20operacyjnego"), ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

        // The messaging endpoint and health are not behind this limit.
        using var health = await bot.Http.GetAsync(new Uri(bot.BaseAddress, "/healthz"), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.NotEmpty(await bot.PersonalChat().SendAsync("pomoc", ct));
    }
}
