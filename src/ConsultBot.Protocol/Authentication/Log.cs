using Microsoft.Extensions.Logging;

namespace ConsultBot.Protocol.Authentication;

internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Debug, "Accepted token from issuer {Issuer} for channel {ChannelId}")]
    public static partial void TokenAccepted(ILogger logger, string issuer, string? channelId);

    [LoggerMessage(1101, LogLevel.Information, "Token signed with an unknown key; refreshing signing keys from {MetadataUrl}")]
    public static partial void RefreshingSigningKeys(ILogger logger, string metadataUrl);

    [LoggerMessage(1102, LogLevel.Debug, "Acquiring an outbound token from {Authority}")]
    public static partial void AcquiringToken(ILogger logger, string authority);

    [LoggerMessage(1103, LogLevel.Warning, "Acquiring an outbound token failed: {ErrorCode}")]
    public static partial void TokenAcquisitionFailed(ILogger logger, string errorCode, Exception exception);

    [LoggerMessage(1104, LogLevel.Information, "Service URL host {Host} is now trusted for outbound tokens")]
    public static partial void ServiceUrlTrusted(ILogger logger, string host);
}
