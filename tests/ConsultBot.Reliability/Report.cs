using System.Globalization;
using System.Text;

namespace ConsultBot.Reliability;

/// <summary>The table: one row per scenario, then what each row did and what went wrong.</summary>
public static class Report
{
    private const string Header = "| Scenario | Load held (turns) | Faults injected | Bad inputs | Lost | Duplicated | Result |";

    public static string Row(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdict = result.Notes.StartsWith("skipped", StringComparison.Ordinal) ? "SKIPPED" : result.Passed ? "PASS" : "FAIL";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {result.Scenario} | {result.Turns} | {result.Faults} | {result.BadInputs} | {result.Lost} | {result.Duplicated} | {verdict} |");
    }

    public static string Render(IReadOnlyList<ScenarioResult> results, SuiteOptions options, DateTimeOffset started, DateTimeOffset finished)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Fault suite ({(options.Fast ? "--fast" : "full")} run)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {started:yyyy-MM-dd HH:mm} UTC, {(finished - started).TotalSeconds:F0} s, {Environment.ProcessorCount} cores; real `ConsultBot.Host` processes, the Teams connector played by the in-process FakeConnector.");
        text.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project tests/ConsultBot.Reliability --{(options.Fast ? " --fast" : string.Empty)}`");
        text.AppendLine();
        text.AppendLine(Header);
        text.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var result in results)
        {
            text.AppendLine(Row(result));
        }

        text.AppendLine();
        var lost = results.Sum(r => r.Lost);
        var duplicated = results.Sum(r => r.Duplicated);
        text.AppendLine(CultureInfo.InvariantCulture, $"Lost: {lost}, duplicated: {duplicated}; {(results.All(r => r.Passed) ? "all scenarios passed" : "FAILED: " + string.Join(", ", results.Where(r => !r.Passed).Select(r => r.Scenario)))}.");
        text.AppendLine();
        foreach (var result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- **{result.Scenario}**: {result.Notes}");
            foreach (var failure in result.Failures)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - ! {failure}");
            }
        }

        return text.ToString();
    }
}
