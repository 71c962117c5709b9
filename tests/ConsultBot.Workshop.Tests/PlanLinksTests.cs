using ConsultBot.Workshop.Plan;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Workshop.Tests;

public sealed class PlanLinksTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 18, 0, 0, TimeSpan.Zero));

    private PlanLinks CreateSut(string? key = "a-plan-link-key-of-more-than-32-characters") =>
        new(Options.Create(new WorkshopOptions { PlanLinkKey = key, PlanLinkLifetime = TimeSpan.FromHours(72), PublicBaseUrl = "https://bot.example.pl" }), _time);

    [Fact]
    public void A_fresh_link_is_valid_and_names_the_assessment()
    {
        var links = CreateSut();
        var (token, expiresAt) = links.Issue("msteams", "29:anna", "a1");

        Assert.Equal(PlanLinkCheck.Valid, links.Check(token, out var payload));
        Assert.Equal(("msteams", "29:anna", "a1"), (payload!.C, payload.U, payload.A));
        Assert.Equal(_time.GetUtcNow().AddHours(72), expiresAt);
        Assert.StartsWith("https://bot.example.pl/workshop/plan/", links.Url(token, "en").AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_stops_working_when_its_lifetime_is_over()
    {
        var links = CreateSut();
        var (token, _) = links.Issue("msteams", "29:anna", "a1");

        _time.Advance(TimeSpan.FromHours(72));

        Assert.Equal(PlanLinkCheck.Expired, links.Check(token, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    public void Garbage_is_refused_as_tampered(string token) =>
        Assert.Equal(PlanLinkCheck.Tampered, CreateSut().Check(token, out _));

    [Fact]
    public void A_link_signed_with_another_key_is_refused()
    {
        var (token, _) = CreateSut("another-key-also-longer-than-32-characters!").Issue("msteams", "29:anna", "a1");

        Assert.Equal(PlanLinkCheck.Tampered, CreateSut().Check(token, out _));
    }

    [Fact]
    public void Without_a_key_no_link_is_issued_or_accepted()
    {
        var links = CreateSut(key: "");
        Assert.False(links.Enabled);
        Assert.Equal(PlanLinkCheck.Disabled, links.Check("x.y", out _));
    }

    [Fact]
    public void A_short_key_fails_validation_at_start()
    {
        var options = new WorkshopOptions { PlanLinkKey = "short" };
        var problems = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();
        Assert.Contains(problems, p => p.MemberNames.Contains(nameof(WorkshopOptions.PlanLinkKey)));
    }
}
