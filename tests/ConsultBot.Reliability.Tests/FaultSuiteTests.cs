using ConsultBot.Reliability;

namespace ConsultBot.Reliability.Tests;

/// <summary>
/// The short run of the fault suite (<c>--fast</c>) in the test command: real host processes killed, the store cut
/// (when CONSULTBOT_TEST_POSTGRES is set), connector faults and a flood; nothing may be lost or delivered twice.
/// </summary>
public sealed class FaultSuiteTests
{
    [Fact]
    [Trait("Category", "Reliability")]
    public async Task Fast_fault_suite_loses_nothing_and_delivers_nothing_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = SuiteOptions.FindRepoRoot();
        var options = SuiteOptions.Parse(["--fast", "--report", Path.Combine(root, "artifacts", "reliability-fast.md")], root);
        using var log = new StringWriter();

        var results = await ReliabilitySuite.RunAsync(options, log, ct);

        TestContext.Current.TestOutputHelper?.WriteLine(log.ToString());
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Scenario}: lost {r.Lost}, duplicated {r.Duplicated}; {string.Join("; ", r.Failures)}\n{log}"));
        Assert.Equal(0, results.Sum(r => r.Lost));
        Assert.Equal(0, results.Sum(r => r.Duplicated));
    }
}
