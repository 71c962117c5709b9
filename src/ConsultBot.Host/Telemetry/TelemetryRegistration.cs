using ConsultBot.Protocol.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ConsultBot.Host.Telemetry;

/// <summary>
/// OpenTelemetry for the bot: its own source and meter (turns, routes, dialogs, FAQ decisions, state reads and
/// writes, outbox, ticket SLA), ASP.NET Core, HttpClient (the connector) and Npgsql. Registered only when
/// configured, so an unconfigured host pays nothing. Attributes that could carry personal data are rewritten:
/// paths become route templates, query strings and connector conversation ids are dropped.
/// </summary>
internal static class TelemetryRegistration
{
    public static IServiceCollection AddConsultBotTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.OtlpEndpoint is null && Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var standard))
        {
            options.OtlpEndpoint = standard;
        }

        services.AddConsultBotHealthChecks();
        if (!options.Enabled && options.OtlpEndpoint is null)
        {
            return services;
        }

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(ConsultBotTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Probes would drown the turns.
                        o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz") && !http.Request.Path.StartsWithSegments("/readyz");
                        o.EnrichWithHttpResponse = (span, response) => TelemetryRedaction.RedactServerSpan(span, response.HttpContext);
                    })
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = TelemetryRedaction.RedactClientSpan)
                    .AddNpgsql();
            })
            .WithMetrics(metrics => metrics
                .AddMeter(ConsultBotTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());

        if (options.OtlpEndpoint is { } endpoint)
        {
            var protocol = string.Equals(options.OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            otel.UseOtlpExporter(protocol, endpoint);
        }

        return services;
    }
}
