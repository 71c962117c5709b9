using ConsultBot.Reliability;

// dotnet run -c Release --project tests/ConsultBot.Reliability -- [--fast] [--report path]
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var options = SuiteOptions.Parse(args, SuiteOptions.FindRepoRoot());
var results = await ReliabilitySuite.RunAsync(options, Console.Out, cancel.Token).ConfigureAwait(false);
return results.All(r => r.Passed) ? 0 : 1;
