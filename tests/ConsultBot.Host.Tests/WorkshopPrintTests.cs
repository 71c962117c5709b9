using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsultBot.Host.Tests.Playground;
using ConsultBot.Testing;
using ConsultBot.Workshop;

namespace ConsultBot.Host.Tests;

/// <summary>
/// The partnership plan as people print it: the page from a real plan link, printed to PDF by headless Chromium (A4,
/// the page's own print styles), counted with poppler's pdfinfo and rendered to PNGs in artifacts/workshop-plan/ for
/// a person to look at. Skipped where Chromium or poppler-utils is missing (the CI script installs both).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class WorkshopPrintTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private const string PdfInfo = "/usr/bin/pdfinfo";
    private const string PdfToPpm = "/usr/bin/pdftoppm";

    [Theory]
    [InlineData("pl", "Plan partnerstwa")]
    [InlineData("en", "Partnership plan")]
    public async Task The_plan_prints_on_one_to_three_A4_pages(string language, string title)
    {
        var ct = TestContext.Current.CancellationToken;
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } custom ? custom : Chromium;
        Assert.SkipWhen(!File.Exists(chromium), $"No Chromium at {chromium} (apt-get install -y chromium).");
        Assert.SkipWhen(!File.Exists(PdfInfo) || !File.Exists(PdfToPpm), "No poppler-utils (apt-get install -y poppler-utils).");

        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?> { ["Workshop:PlanLinkKey"] = "test-plan-link-key-0123456789abcdef-0123456789" });
        var anna = bot.PersonalChat();
        var (_, recommendation) = await anna.ExecuteAsync("assessment.submitForm", new JsonObject { ["ngoStrength"] = "strong", ["leaderCandidate"] = "ngo" }, ct);
        await anna.ExecuteAsync("checklist.save", new JsonObject { ["model"] = "operational", ["operational.city.priorities"] = "true", ["operational.ngo.training"] = "true" }, ct);
        await anna.ExecuteAsync("partnerMap.save", new JsonObject { ["model"] = "operational", ["sector.city"] = "true", ["sector.ngo"] = "true" }, ct);
        var button = recommendation!["value"]!.Actions().Single(a => a.Verb == WorkshopVerbs.PlanLink);
        await anna.ExecuteAsync(WorkshopVerbs.PlanLink, (JsonObject)button.Data.DeepClone(), ct);
        var sent = await bot.Connector.WaitForAsync(r => r.ConversationId == anna.Conversation.Id && r.Body.Contains("/workshop/plan/", StringComparison.Ordinal), TimeSpan.FromSeconds(20), ct);
        var path = new Uri(PlanUrl().Match(sent.Body).Value).AbsolutePath;
        var page = new Uri(bot.BaseAddress, $"{path}?lang={language}");
        Assert.Contains(title, await bot.Http.GetStringAsync(page, ct), StringComparison.Ordinal);

        var shots = Path.Combine(PlaygroundPaths.Root, "artifacts", "workshop-plan");
        Directory.CreateDirectory(shots);
        foreach (var old in Directory.EnumerateFiles(shots, $"plan-{language}*"))
        {
            File.Delete(old);
        }

        var pdf = Path.Combine(shots, $"plan-{language}.pdf");
        var profile = Directory.CreateTempSubdirectory("consultbot-print-");
        try
        {
            var (code, log) = await RunAsync(chromium,
                ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile.FullName}", "--no-pdf-header-footer", $"--print-to-pdf={pdf}", page.AbsoluteUri], ct);
            Assert.True(code == 0 && File.Exists(pdf), $"chromium --print-to-pdf failed ({code}):\n{log}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }

        var (_, info) = await RunAsync(PdfInfo, [pdf], ct);
        var pages = int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Contains("pts (A4)", info, StringComparison.Ordinal); // from the page's @page rule
        Assert.InRange(pages, 1, 3);

        var (ppm, ppmLog) = await RunAsync(PdfToPpm, ["-r", "70", "-png", pdf, Path.Combine(shots, $"plan-{language}")], ct);
        Assert.True(ppm == 0, ppmLog);
        output.WriteLine($"{pdf}: {pages} page(s); PNGs in {shots}");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish within 60 s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"https?://[^""\s]+/workshop/plan/[A-Za-z0-9_\-\.]+\?lang=pl")]
    private static partial Regex PlanUrl();

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();
}
