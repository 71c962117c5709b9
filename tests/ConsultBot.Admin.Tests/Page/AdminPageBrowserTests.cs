using System.Diagnostics;

namespace ConsultBot.Admin.Tests.Page;

/// <summary>
/// The /admin page in headless Debian Chromium against the real host (tests/node/admin/admin-page.js drives it), then
/// the API confirms what the page did. Screenshots land in artifacts/admin/*.png (repository root).
/// Run only these: dotnet test --project tests/ConsultBot.Admin.Tests -- --filter-trait "Category=Browser"
/// </summary>
public sealed class AdminPageBrowserTests
{
    private const string Entry = "model-operacyjny-lider";
    private const string Appended = "Zmiana z przeglądarki: lidera wskazuje porozumienie partnerów.";

    [Fact]
    [Trait("Category", "Browser")]
    public async Task Admin_signs_in_edits_previews_publishes_and_reads_the_history_in_chromium()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Assert.SkipUnless(File.Exists(chromium), $"no Chromium at {chromium} (apt-get install -y chromium)");
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);

        // Something for the review list: a question nobody answers.
        await host.PersonalChat().SendAsync("czy program sfinansuje hulajnogi elektryczne dla urzednikow", ct);
        var badImport = Path.Combine(Path.GetTempPath(), $"consultbot-bad-import-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(badImport, """{ "version": 1, "description": "bad", "entries": [ { "id": "zly-wpis", "question": "", "alternatives": [], "answer": "http://example.com", "category": "x", "tags": [], "related": [], "source": "x", "language": "pl", "status": "published", "updatedAt": "2026-12-01T10:00:00+01:00", "updatedBy": "import" } ] }""", ct);
        // A published revision before the browser session, so the history has something to compare and restore.
        var read = await host.Http.ReadAsync($"/api/admin/faq/{Entry}", ct);
        var edited = read.Body!["published"]!.DeepClone().AsObject();
        var before = edited["answer"]!.GetValue<string>() + "\n\nOpublikowane przed sesją w przeglądarce.";
        edited["answer"] = before;
        var saved = await host.Http.SendAsync(HttpMethod.Put, $"/api/admin/faq/{Entry}", ct, edited, read.ETag);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(HttpMethod.Post, $"/api/admin/faq/{Entry}/publish", ct, ifMatch: saved.ETag)).Status);

        var run = await RunAsync(ct, "--base", host.BaseAddress.ToString().TrimEnd('/'), "--key", AdminHost.Key, "--entry", Entry, "--filter", "model operacyjny",
            "--append", Appended, "--test", "kto jest liderem w modelu operacyjnym", "--import", badImport, "--out", Path.Combine(RepoRoot(), "artifacts", "admin"));
        File.Delete(badImport);
        var facts = run["facts"]!;
        Assert.True(run["errors"]!.AsArray().Count == 0, string.Join("\n", run["errors"]!.AsArray().Select(e => (string?)e)));

        // Sign-in: a wrong key refused with a readable message; the real key shows the entries, the filter narrows them.
        Assert.Contains("nie został przyjęty", facts["loginRefused"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(facts["entriesFiltered"]!.GetValue<int>() < facts["entriesShown"]!.GetValue<int>());
        Assert.True(facts["previewHasEdit"]!.GetValue<bool>());

        // What the page published is what the API and the open search serve now; the restored revision waits as the draft.
        var entry = (await host.Http.ReadAsync($"/api/admin/faq/{Entry}", ct)).Body!;
        Assert.Equal("published-with-draft", entry["state"]!.GetValue<string>());
        Assert.Equal(before + "\n\n" + Appended, entry["published"]!["answer"]!.GetValue<string>());
        Assert.Equal(before, entry["draft"]!["answer"]!.GetValue<string>());
        Assert.Equal(before, facts["restoredAnswer"]!.GetValue<string>());
        var search = JsonNode.Parse(await host.Http.GetStringAsync(new Uri("/api/faq/search?q=" + Uri.EscapeDataString("kto jest liderem w modelu operacyjnym"), UriKind.Relative), ct))!;
        Assert.EndsWith(Appended, search["results"]![0]!["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        var history = (await host.Http.ReadAsync($"/api/admin/faq/{Entry}/history", ct)).Body!.AsArray();
        Assert.Contains(history, h => h!["action"]!.GetValue<string>() == "restored");
        Assert.Contains(history, h => h!["action"]!.GetValue<string>() == "published" && h["by"]!.GetValue<string>() == "key:ci" && h["note"]?.GetValue<string>() == "poprawka z testu przeglądarki");

        // History, the diff shows the added line; the test pane, review list, import report and English page worked.
        Assert.Contains(facts["diffAdded"]!.AsArray(), l => l!.GetValue<string>().Contains(Appended, StringComparison.Ordinal));
        Assert.Contains("decision-answer", facts["decision"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Entry, facts["testTop"]!.GetValue<string>());
        Assert.Equal("tab-review", facts["keyboardTab"]!.GetValue<string>());
        Assert.True(facts["reviewGroups"]!.GetValue<int>() >= 1);
        Assert.True(facts["importApplyDisabled"]!.GetValue<bool>());
        Assert.Contains(facts["importRejected"]!.AsArray(), r => r!.GetValue<string>().Contains("https", StringComparison.Ordinal));
        Assert.Null((await host.Http.ReadAsync("/api/admin/faq/zly-wpis", ct)).Body?["published"]);
        Assert.Equal("Entries", facts["englishTab"]!.GetValue<string>());
        Assert.Equal(9, run["steps"]!.AsArray().Count);
    }

    private static async Task<JsonNode> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var nodeDir = Path.Combine(RepoRoot(), "tests", "node");
        if (!File.Exists(Path.Combine(nodeDir, "node_modules", "playwright-core", "package.json")))
        {
            var install = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund"], nodeDir, TimeSpan.FromMinutes(10), cancellationToken);
            Assert.True(install.Code == 0, "npm ci in tests/node failed: " + install.Stderr);
        }

        var (code, stdout, stderr) = await ExecAsync("node", [Path.Combine(nodeDir, "admin", "admin-page.js"), .. args], nodeDir, TimeSpan.FromMinutes(4), cancellationToken);
        Assert.True(code == 0, $"admin-page.js exited with {code}: {stderr}");
        return JsonNode.Parse(stdout)!;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> ExecAsync(string file, IEnumerable<string> args, string workDir, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["TZ"] = "UTC";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConsultBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ConsultBot.sln not found above " + AppContext.BaseDirectory);
    }
}
