using ConsultBot.Protocol.State;

namespace ConsultBot.Host.Tests;

/// <summary>Decorates the real store with an off switch: while <see cref="IsDown"/>, every call fails as an unreachable store does.</summary>
internal sealed class SwitchableStorage(IStorage inner) : IStorage
{
    public volatile bool IsDown;

    public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        IsDown ? throw Down() : inner.ReadAsync(keys, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken) =>
        IsDown ? throw Down() : inner.WriteAsync(changes, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        IsDown ? throw Down() : inner.DeleteAsync(keys, cancellationToken);

    public Task<IReadOnlyList<KeyValuePair<string, StoreItem>>> ListAsync(string keyPrefix, int limit, CancellationToken cancellationToken) =>
        IsDown ? throw Down() : inner.ListAsync(keyPrefix, limit, cancellationToken);

    private static StorageUnavailableException Down() => new("The store is down (test switch).");

    /// <summary>Wraps whatever IStorage the host registered.</summary>
    public static void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IStorage));
        services.Remove(original);
        services.AddSingleton(sp => new SwitchableStorage(original switch
        {
            { ImplementationInstance: IStorage instance } => instance,
            { ImplementationFactory: { } factory } => (IStorage)factory(sp),
            _ => (IStorage)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!),
        }));
        services.AddSingleton<IStorage>(sp => sp.GetRequiredService<SwitchableStorage>());
    }
}
