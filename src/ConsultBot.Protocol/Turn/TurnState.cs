using System.Diagnostics.CodeAnalysis;

namespace ConsultBot.Protocol.Turn;

/// <summary>Per-turn bag of services and cached values, keyed by name; values are typed on the way out.</summary>
public sealed class TurnState
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    public void Set<T>(string key, T value)
        where T : notnull => _values[key] = value;

    public void Set<T>(T value)
        where T : notnull => _values[typeof(T).FullName!] = value;

    public bool TryGet<T>(string key, [NotNullWhen(true)] out T? value)
    {
        if (_values.TryGetValue(key, out var raw) && raw is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    public T? Get<T>()
        where T : class => TryGet<T>(typeof(T).FullName!, out var value) ? value : null;

    public bool Remove(string key) => _values.Remove(key);
}
