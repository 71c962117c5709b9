using ConsultBot.Protocol.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>
/// The bot's own state is personal data too: conversation state (an unfinished dialog, remembered turns), user state
/// (language, assessments) and conversation references expire after their configured periods, counted from the last
/// change, and the store's purge deletes them.
/// </summary>
public sealed class StateRetentionTests
{
    [Fact]
    public async Task Conversation_state_user_state_and_references_expire_after_their_periods_and_are_purged()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture));
        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>
        {
            ["Retention:ConversationStateDays"] = "30",
            ["Retention:UserStateDays"] = "60",
            ["Retention:ConversationReferenceDays"] = "400",
            ["Storage:PurgeInterval"] = "01:00:00",
        }, timeProvider: clock);
        var conversationId = "a:retention-" + Guid.NewGuid().ToString("N");
        var anna = bot.PersonalChat(userId: "29:user-retention", conversationId: conversationId);

        // An unfinished assessment (conversation state) and an English reply (the language goes to user state).
        await anna.SendAsync("dobierz model", ct);
        await anna.SendAsync("What is the operational model?", ct);
        var conversationKey = $"msteams/conversations/{conversationId}";
        var userKey = "msteams/users/29:user-retention";
        var referenceKey = $"conversation-references/msteams/{conversationId}";
        Assert.Equal(3, await CountRowsAsync(bot.DatabasePath!, conversationKey, userKey, referenceKey, ct));

        // 31 days later the dialog state is gone; the language and the reference are still kept.
        clock.Advance(TimeSpan.FromDays(31));
        var storage = bot.Services.GetRequiredService<IStorage>();
        var read = await storage.ReadAsync([conversationKey, userKey, referenceKey], ct);
        Assert.False(read.ContainsKey(conversationKey));
        Assert.True(read.ContainsKey(userKey));
        Assert.True(read.ContainsKey(referenceKey));
        await WaitUntilAsync(async () => await CountRowsAsync(bot.DatabasePath!, conversationKey, ct) == 0, ct);

        // 61 days after the last change the user state is gone too; the reference outlives open tickets.
        clock.Advance(TimeSpan.FromDays(30));
        await WaitUntilAsync(async () => await CountRowsAsync(bot.DatabasePath!, userKey, ct) == 0, ct);
        Assert.Equal(1, await CountRowsAsync(bot.DatabasePath!, referenceKey, ct));
    }

    [Fact]
    public async Task A_reference_still_in_use_is_rewritten_before_it_would_expire()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture));
        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>
        {
            ["Retention:ConversationReferenceDays"] = "400",
            ["Handoff:OpenRetentionDays"] = "365",
        }, timeProvider: clock);
        var conversationId = "a:retention-" + Guid.NewGuid().ToString("N");
        var anna = bot.PersonalChat(userId: "29:user-steady", conversationId: conversationId);
        var referenceKey = $"conversation-references/msteams/{conversationId}";

        await anna.SendAsync("pomoc", ct);
        clock.Advance(TimeSpan.FromDays(250));
        await anna.SendAsync("pomoc", ct);
        clock.Advance(TimeSpan.FromDays(250));

        var read = await bot.Services.GetRequiredService<IStorage>().ReadAsync([referenceKey], ct);
        Assert.True(read.ContainsKey(referenceKey), "a conversation used 250 days ago keeps its reference for 400 days from then");
    }

    [Fact]
    public async Task References_that_would_expire_before_an_open_ticket_fail_the_start()
    {
        var ct = TestContext.Current.CancellationToken;
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>
            {
                ["Retention:ConversationReferenceDays"] = "100",
                ["Handoff:OpenRetentionDays"] = "365",
            });
        });

        Assert.Contains("Retention:ConversationReferenceDays", failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<long> CountRowsAsync(string databasePath, string key, CancellationToken ct) =>
        await CountRowsAsync(databasePath, key, key, key, ct) is var n && n > 0 ? 1 : 0;

    private static async Task<long> CountRowsAsync(string databasePath, string a, string b, string c, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM items WHERE key IN ($a, $b, $c)";
        command.Parameters.AddWithValue("$a", a);
        command.Parameters.AddWithValue("$b", b);
        command.Parameters.AddWithValue("$c", c);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50, ct);
        }

        Assert.Fail("the store's purge did not remove the expired item within 5 s");
    }
}
