using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff.Tests;

public sealed class OptionsAndNumberingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Channel_without_service_url_fails_with_the_key_to_fix()
    {
        var result = new HandoffOptionsValidator().Validate(null, new HandoffOptions { ConsultantsConversationId = "19:x@thread.tacv2" });

        Assert.True(result.Failed);
        Assert.Contains("Handoff:ServiceUrl is required", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_time_zone_and_hours_are_reported()
    {
        var options = new HandoffOptions { WorkingHours = new WorkingHoursOptions { TimeZone = "Mars/Olympus", Start = TimeSpan.FromHours(16), End = TimeSpan.FromHours(8) } };

        var result = new HandoffOptionsValidator().Validate(null, options);

        Assert.Contains("Handoff:WorkingHours:TimeZone", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Handoff:WorkingHours:Start", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid_without_a_channel()
    {
        Assert.True(new HandoffOptionsValidator().Validate(null, new HandoffOptions()).Succeeded);
        Assert.Equal(TimeSpan.FromHours(4), new HandoffOptions().ClaimSla);
        Assert.Equal(90, new HandoffOptions().RetentionDays);
    }

    [Fact]
    public async Task Invalid_options_fail_at_start()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Handoff:ClaimSla"] = "-01:00:00" }).Build();
        await using var provider = new ServiceCollection().AddHandoff(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HandoffOptions>>().Value);
        Assert.Contains("Handoff:ClaimSla must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_allocations_give_distinct_sequential_numbers()
    {
        var store = new TicketStore(new MemoryStorage());

        var numbers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => store.AllocateNumberAsync(Ct), Ct)));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), numbers.Order());
        Assert.Equal("KC-000123", TicketStore.FormatNumber("KC", 123));
    }
}
