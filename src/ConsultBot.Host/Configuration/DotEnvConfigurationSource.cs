using Microsoft.Extensions.Configuration;

namespace ConsultBot.Host.Configuration;

/// <summary>
/// Reads a <c>.env</c> file (<c>KEY=value</c> lines, <c>#</c> comments, optional quotes, <c>__</c> or <c>:</c>
/// for sections) into configuration. Written here rather than taken from a package: the served .env
/// packages target netstandard1.x and drag in the old System.* package graph.
/// </summary>
internal sealed class DotEnvConfigurationSource(string path) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DotEnvConfigurationProvider(path);
}

internal sealed class DotEnvConfigurationProvider(string path) : ConfigurationProvider
{
    public override void Load()
    {
        Data = Parse(File.Exists(path) ? File.ReadAllLines(path) : []);
    }

    internal static Dictionary<string, string?> Parse(IEnumerable<string> lines)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = line[..eq].Trim().Replace("__", ":", StringComparison.Ordinal);
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            else
            {
                // An unquoted value ends at an inline comment.
                var hash = value.IndexOf(" #", StringComparison.Ordinal);
                if (hash >= 0)
                {
                    value = value[..hash].TrimEnd();
                }
            }

            data[key] = value;
        }

        return data;
    }
}

internal static class DotEnvConfigurationExtensions
{
    public static IConfigurationBuilder AddDotEnvFile(this IConfigurationBuilder builder, string path) =>
        builder.Add(new DotEnvConfigurationSource(path));
}
