using IoTJobs.Emulator.Indexing;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>Fleet indexing: the indexing configuration, connectivity status and the AWS_Things documents SearchIndex reads.</summary>
public sealed partial class EmulatorStore
{
    /// <summary>
    /// The disconnect reasons of AWS IoT's lifecycle events (life-cycle-events.html), which connectivity.disconnectReason
    /// carries.
    /// </summary>
    public static readonly IReadOnlyList<string> DisconnectReasons = new[]
    {
        "AUTH_ERROR", "CLIENT_INITIATED_DISCONNECT", "CLIENT_ERROR", "CONNECTION_LOST", "DUPLICATE_CLIENTID",
        "FORBIDDEN_ACCESS", "MQTT_KEEP_ALIVE_TIMEOUT", "SERVER_ERROR", "SERVER_INITIATED_DISCONNECT",
        "API_INITIATED_DISCONNECT", "THROTTLED", "WEBSOCKET_TTL_EXPIRATION", "CUSTOMAUTH_TTL_EXPIRATION", "UNKNOWN", "NONE",
    };

    private IndexingConfiguration _indexing = IndexingConfiguration.Default;

    /// <summary>The configuration UpdateIndexingConfiguration set (Default, thing indexing OFF, at start and after Reset).</summary>
    public IndexingConfiguration IndexingConfiguration
    {
        get { lock (_gate) return _indexing; }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate) _indexing = value;
        }
    }

    /// <summary>Changes the configuration under the store's lock; when <paramref name="change"/> throws, nothing changes.</summary>
    public IndexingConfiguration UpdateIndexingConfiguration(Func<IndexingConfiguration, IndexingConfiguration> change)
    {
        lock (_gate) return _indexing = change(_indexing);
    }

    /// <summary>
    /// Records a connect (or a disconnect, with an optional lifecycle reason) of each thing at the store's clock, as the
    /// lifecycle events AWS indexes would. Every thing must exist; nothing changes when one does not.
    /// </summary>
    public void SetConnectivity(IReadOnlyList<string> thingNames, bool connected, string? disconnectReason = null)
    {
        if (thingNames.Count == 0) throw EmulatorApiException.InvalidRequest("thingNames must name at least one thing.");
        if (connected && disconnectReason != null)
            throw EmulatorApiException.InvalidRequest("disconnectReason is only for a disconnect (connected: false).");
        CheckDisconnectReason(disconnectReason);
        foreach (string n in thingNames) Validation.ThingName(n, "thingName");
        lock (_gate)
        {
            Tick();
            var things = thingNames.Select(GetThing).ToList();
            var state = new ThingConnectivity(connected, _clock().ToUnixTimeMilliseconds(), disconnectReason);
            foreach (var t in things) t.Connectivity = state;
        }
    }

    /// <summary>400 InvalidRequestException unless the reason is null or one of <see cref="DisconnectReasons"/>.</summary>
    internal static void CheckDisconnectReason(string? disconnectReason)
    {
        if (disconnectReason != null && !DisconnectReasons.Contains(disconnectReason))
            throw EmulatorApiException.InvalidRequest(
                $"disconnectReason '{Validation.Trunc(disconnectReason)}' is not a lifecycle disconnect reason. Valid: {string.Join(", ", DisconnectReasons)}.");
    }

    /// <summary>A thing's last connect or disconnect; null while it never connected.</summary>
    public ThingConnectivity? Connectivity(string thingName)
    {
        lock (_gate) return GetThing(thingName).Connectivity;
    }

    /// <summary>
    /// Every registered thing as the AWS_Things index sees it: registry data (direct static groups in the order the
    /// thing joined them), its classic shadow (<see cref="ShadowDocument.IndexJson"/>) and its connectivity.
    /// </summary>
    public IReadOnlyList<ThingDocument> ThingDocuments()
    {
        lock (_gate)
        {
            Tick();
            return _thingOrder.Select(t => new ThingDocument
            {
                ThingName = t.Name,
                ThingId = t.Id,
                ThingTypeName = t.TypeName,
                ThingGroupNames = t.Groups.Select(g => g.Name).ToList(),
                Attributes = new Dictionary<string, string>(t.Attributes, StringComparer.Ordinal),
                Shadow = _shadows.TryGetValue(t.Name, out var shadow) ? shadow.IndexJson() : null,
                Connectivity = t.Connectivity,
            }).ToList();
        }
    }
}
