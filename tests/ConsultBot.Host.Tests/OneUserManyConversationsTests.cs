using System.Collections.Concurrent;
using ConsultBot.Protocol.State;
using ConsultBot.Testing;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Host.Tests;

/// <summary>
/// One user, many chats at once (issue 14's soak: 16 new conversations of one user at a time). Each new assessment
/// writes the user's state, so the turns race on <c>msteams/users/{user}</c>; none of them may end in an error.
/// </summary>
public sealed class OneUserManyConversationsTests
{
    private const int Conversations = 16;

    [Theory]
    [MemberData(nameof(StoreProviders.All), MemberType = typeof(StoreProviders))]
    public async Task One_user_starting_sixteen_assessments_at_once_gets_every_first_question(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await StoreProviders.SettingsAsync(provider, ct);
        var logs = new ExceptionLog();
        await using var bot = await TestBotHost.StartAsync(ct, settings, services: s => s.AddSingleton<ILoggerProvider>(logs));
        await bot.PersonalChat(userId: "29:warm").SendAsync("pomoc", ct);

        for (var round = 0; round < 3; round++)
        {
            var chats = Enumerable.Range(0, Conversations).Select(_ => bot.PersonalChat(userId: "29:many-chats")).ToList();
            var replies = await Task.WhenAll(chats.Select(chat => chat.SendAsync("dobierz model", ct)));

            Assert.All(replies, r =>
            {
                Assert.Contains("1/9", r.AllText(), StringComparison.Ordinal);
                Assert.DoesNotContain("zmieniła się w międzyczasie", r.AllText(), StringComparison.Ordinal);
            });
        }

        Assert.Empty(logs.Exceptions);
    }

    /// <summary>Every exception any ConsultBot logger logs (an EtagException that escaped the turn runner among them).</summary>
    private sealed class ExceptionLog : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Exceptions { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is EtagException || (exception is not null && logLevel >= LogLevel.Warning))
            {
                Exceptions.Enqueue($"{eventId.Id} {exception.GetType().Name}: {formatter(state, exception)}");
            }
        }

        public void Dispose()
        {
        }
    }
}
