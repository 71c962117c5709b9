using System.Diagnostics;
using ConsultBot.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ConsultBot.Host.Tests;

/// <summary>Traces and metrics of real turns, caught by an in-memory exporter; and what they must never carry.</summary>
public sealed class TelemetryTests
{
    private const string Question = "kto jest liderem w modelu operacyjnym";

    [Fact]
    public async Task A_question_and_a_dialog_step_leave_spans_and_metrics_without_any_message_text_or_user_data()
    {
        var ct = TestContext.Current.CancellationToken;
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var bot = await TestBotHost.StartAsync(ct,
            settings: new Dictionary<string, string?> { ["Telemetry:Enabled"] = "true" },
            services: s => s
                .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics)));
        var chat = bot.PersonalChat(userId: "29:user-telemetry", userName: "Zofia Telemetryczna");

        var answer = await chat.SendAsync(Question, ct);
        Assert.NotNull(answer.FirstCard());
        await chat.SendAsync("dobierz model", ct);

        bot.Services.GetRequiredService<TracerProvider>().ForceFlush();
        bot.Services.GetRequiredService<MeterProvider>().ForceFlush();

        // Other tests run hosts in this process too: only what this conversation's turns produced is certain, so look for it.
        Activity[] snapshot;
        lock (spans)
        {
            snapshot = [.. spans];
        }

        Assert.Contains(snapshot, s => s.OperationName == "consultbot.turn" && (string?)s.GetTagItem("consultbot.outcome") == "completed");
        Assert.Contains(snapshot, s => s.OperationName == "consultbot.faq.search");
        Assert.Contains(snapshot, s => s.OperationName == "consultbot.route");
        Assert.Contains(snapshot, s => s.OperationName == "consultbot.state.read");
        Assert.Contains(snapshot, s => s.OperationName == "consultbot.state.write");
        Assert.Contains(snapshot, s => s.OperationName.StartsWith("consultbot.dialog.", StringComparison.Ordinal));
        Assert.Contains(snapshot, s => (string?)s.GetTagItem("consultbot.faq.decision") == "answer");

        // The turn span is a child of the ASP.NET Core request span, so one trace holds the whole turn.
        var turn = snapshot.First(s => s.OperationName == "consultbot.turn");
        Assert.Contains(snapshot, s => s.SpanId == turn.ParentSpanId && s.Source.Name == "Microsoft.AspNetCore");

        string[] secrets = [Question, "liderem", "dobierz model", "29:user-telemetry", "Zofia", chat.Conversation.Id!];
        foreach (var span in snapshot)
        {
            foreach (var (key, value) in span.EnumerateTagObjects())
            {
                var text = value?.ToString() ?? string.Empty;
                Assert.DoesNotContain(secrets, secret => text.Contains(secret, StringComparison.OrdinalIgnoreCase) || key.Contains(secret, StringComparison.OrdinalIgnoreCase));
            }

            Assert.DoesNotContain(secrets, secret => span.DisplayName.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Contains(metrics, m => m.Name == "consultbot.turns");
        Assert.Contains(metrics, m => m.Name == "consultbot.turn.duration");
        var decisions = metrics.Last(m => m.Name == "consultbot.faq.decisions");
        var answered = 0L;
        foreach (ref readonly var point in decisions.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                Assert.DoesNotContain(secrets, secret => tag.Value?.ToString()?.Contains(secret, StringComparison.OrdinalIgnoreCase) == true);
                if (tag is { Key: "decision", Value: "answer" })
                {
                    answered += point.GetSumLong();
                }
            }
        }

        Assert.True(answered >= 1, "the answered question is counted as an 'answer' decision");
    }

    [Fact]
    public async Task Without_configuration_no_telemetry_pipeline_is_registered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        Assert.Null(bot.Services.GetService<TracerProvider>());
        Assert.Null(bot.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Readiness_checks_run_through_the_health_check_framework()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var report = await bot.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"), ct);
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(["knowledge", "storage"], report.Entries.Keys.Order(StringComparer.Ordinal));
    }
}
