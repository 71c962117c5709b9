using System.Collections.Concurrent;
using ConsultBot.Testing;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Host.Tests;

/// <summary>
/// With the shipped appsettings.json and the default level at Information, a normal turn writes neither the
/// user's question nor the conversation id into the logs (ours or the framework's).
/// </summary>
public sealed class InformationLogPrivacyTests
{
    private const string Question = "jak zaczac wspolprace z ngo przy punkcie konsultacyjnym w Zamosciu";

    [Fact]
    public async Task A_normal_turn_at_information_level_logs_no_question_text_and_no_conversation_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturingLoggerProvider();
        await using var bot = await StartAsync(logs, new() { ["Logging:LogLevel:Default"] = "Information" }, ct);
        Assert.Equal("Warning", bot.App.Configuration["Logging:LogLevel:Microsoft.AspNetCore"]);

        var secret = await RunNormalTurnsAsync(bot, ct);

        // The turns did log at Information (so the check below is not vacuous) …
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Category.StartsWith("ConsultBot.", StringComparison.Ordinal));

        // … but nothing at Information or above carries the question or the conversation id.
        var leaks = logs.Leaks(LogLevel.Information, secret);
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public async Task Without_the_shipped_levels_the_framework_would_log_the_conversation_id_at_information()
    {
        // The control for the test above: the replies go to Teams over HTTP, and the HTTP client's own
        // Information logs name the request URI, which holds the conversation id.
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturingLoggerProvider();
        await using var bot = await StartAsync(logs, new()
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information",
        }, ct);

        var secret = await RunNormalTurnsAsync(bot, ct);

        Assert.Contains(logs.Leaks(LogLevel.Information, secret), leak => leak.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal));
    }

    private static Task<TestBotHost> StartAsync(CapturingLoggerProvider logs, Dictionary<string, string?> settings, CancellationToken ct) =>
        TestBotHost.StartAsync(ct, settings, services: s => s.AddSingleton<ILoggerProvider>(logs));

    /// <summary>Two ordinary messages as Teams sends them (replies over the connector); returns the conversation id's secret part.</summary>
    private static async Task<string> RunNormalTurnsAsync(TestBotHost bot, CancellationToken ct)
    {
        var secret = Guid.NewGuid().ToString("N");
        var conversationId = $"a:personal-{secret}";
        var chat = bot.PersonalChat(conversationId: conversationId);
        foreach (var text in new[] { Question, "zgłoszenie do konsultanta o OPS w Zamosciu" })
        {
            var message = chat.NewMessage(text);
            using var response = await chat.PostAsync(message, ct);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
            await bot.Connector.WaitForAsync(r => r.ConversationId == conversationId && r.Activity?.ReplyToId == message.Id, TimeSpan.FromSeconds(30), ct);
        }

        return secret;
    }

    private sealed record Entry(LogLevel Level, string Category, string Text);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyCollection<Entry> Entries => _entries;

        public List<string> Leaks(LogLevel atLeast, string secret) =>
            [.. _entries
                .Where(e => e.Level >= atLeast)
                .Where(e => e.Text.Contains(secret, StringComparison.Ordinal) || e.Text.Contains("Zamosciu", StringComparison.Ordinal) || e.Text.Contains("wspolprace", StringComparison.Ordinal))
                .Select(e => $"{e.Level} {e.Category}: {e.Text}")];

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                // The message, every structured value (some sinks write values the message omits) and the exception.
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                entries.Enqueue(new Entry(logLevel, category, $"{formatter(state, exception)} {values} {exception}"));
            }
        }
    }
}
