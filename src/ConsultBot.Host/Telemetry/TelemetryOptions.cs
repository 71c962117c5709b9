namespace ConsultBot.Host.Telemetry;

/// <summary>
/// Section <c>Telemetry</c>. Off by default: nothing is collected unless an OTLP endpoint is configured
/// (<c>Telemetry:OtlpEndpoint</c>, or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) or <see cref="Enabled"/> is set.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Collect traces and metrics even without an OTLP endpoint (for an exporter added in code, e.g. tests).</summary>
    public bool Enabled { get; set; }

    /// <summary>OTLP collector address, e.g. <c>http://otel-collector:4317</c>.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "consultbot";
}
