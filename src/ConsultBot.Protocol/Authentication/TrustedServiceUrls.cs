using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Protocol.Authentication;

/// <summary>
/// Service URLs the bot may send its connector token to: hosts from
/// <see cref="BotAuthenticationOptions.TrustedServiceHosts"/> plus the service URLs of authenticated
/// activities and stored conversation references. Thread-safe; lives for the process.
/// </summary>
public sealed class TrustedServiceUrls : ITrustedServiceUrls
{
    private readonly HashSet<string> _configuredHosts;
    private readonly ConcurrentDictionary<string, byte> _learned = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger<TrustedServiceUrls> _logger;

    public TrustedServiceUrls(IOptions<BotAuthenticationOptions> options, ILogger<TrustedServiceUrls> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _configuredHosts = new HashSet<string>(
            options.Value.TrustedServiceHosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()),
            StringComparer.OrdinalIgnoreCase);
        _logger = logger;
    }

    public void Trust(string serviceUrl)
    {
        if (TryNormalize(serviceUrl, out var key, out var host) && _learned.TryAdd(key, 0))
        {
            Log.ServiceUrlTrusted(_logger, host);
        }
    }

    public bool IsTrusted(string serviceUrl)
    {
        if (!TryNormalize(serviceUrl, out var key, out var host))
        {
            return false;
        }

        return _configuredHosts.Contains(host) || _learned.ContainsKey(key);
    }

    // Key = scheme://host:port/path without trailing '/'. Only https, or http to loopback (local tools, tests).
    private static bool TryNormalize(string? serviceUrl, out string key, out string host)
    {
        key = host = string.Empty;
        if (string.IsNullOrWhiteSpace(serviceUrl) || !Uri.TryCreate(serviceUrl.Trim(), UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            return false;
        }

        host = uri.Host;
        key = $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath.TrimEnd('/')}";
        return true;
    }
}
