using ConsultBot.Host.Bot;

namespace ConsultBot.Host.Tests;

/// <summary>
/// The whole bot on one screen: every route in the order the router tries it, then every card action and invoke with
/// who may use it. A change to this table changes which feature answers a message, so it must be deliberate: when the
/// listing differs, the test writes RouteTable.actual.txt next to the expected one; review the difference and copy it
/// over RouteTable.expected.txt.
/// </summary>
public sealed class RouteTableTests
{
    [Fact]
    public async Task Route_table_is_the_checked_in_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var actual = string.Join('\n', bot.Services.GetRequiredService<ConsultBotApp>().RouteTable) + "\n";

        var expectedPath = Path.Combine(SourceDirectory(), "RouteTable.expected.txt");
        var expected = File.Exists(expectedPath) ? (await File.ReadAllTextAsync(expectedPath, ct)).ReplaceLineEndings("\n") : string.Empty;
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            await File.WriteAllTextAsync(Path.Combine(SourceDirectory(), "RouteTable.actual.txt"), actual, ct);
        }

        Assert.Equal(expected, actual);
    }

    // Not [CallerFilePath]: CI builds map source paths to "/_/", so the repository is found from the test binaries.
    private static string SourceDirectory() => Path.Combine(Playground.PlaygroundPaths.Root, "tests", "ConsultBot.Host.Tests");
}
