using System.Net;
using IoTJobs.Emulator.Auth;
using IoTJobs.Emulator.Faults;
using IoTJobs.Emulator.Http;
using IoTJobs.Emulator.ShapeCheck;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace IoTJobs.Emulator.Hosting;

/// <summary>A running emulator (Kestrel on loopback). Several can run in one process; each has its own store.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestCounters _counters;
    private readonly FaultInjector _faults;
    private readonly AccessPolicy _policy;
    private readonly ShapeCheckReport? _shapes;
    private int _disposed;

    private EmulatorHost(WebApplication app, EmulatorOptions options, EmulatorStore store, RequestCounters counters, FaultInjector faults,
        AccessPolicy policy, ShapeCheckReport? shapes, Uri baseAddress) =>
        (_app, Options, Store, _counters, _faults, _policy, _shapes, BaseAddress) = (app, options, store, counters, faults, policy, shapes, baseAddress);

    /// <summary>http://127.0.0.1:&lt;port&gt;/ (with the bound port when Port was 0).</summary>
    public Uri BaseAddress { get; }

    /// <summary>In-process access to the state, for seeding and inspection in tests.</summary>
    public EmulatorStore Store { get; }

    public EmulatorOptions Options { get; }

    /// <summary>Signed API requests received for an operation name (e.g. "ListJobExecutionsForJob"), throttled and faulted ones included.</summary>
    public long RequestCount(string operation) => _counters.Get(operation);

    /// <summary>API requests received and not yet answered (as inFlight in /_emulator/stats).</summary>
    public long InFlightRequests => _counters.InFlight;

    /// <summary>Faults injected so far by kind (serviceUnavailable, drop, applyThenDrop, expiredToken, outage), as in /_emulator/stats.</summary>
    public IReadOnlyDictionary<string, long> FaultCounts() => _faults.Counts();

    /// <summary>Every API request gets 503 ServiceUnavailableException for this long from now (zero ends it).</summary>
    public void StartOutage(TimeSpan duration) => _faults.StartOutage(duration);

    /// <summary>Scripts faults for one operation from now on (replacing its script), as POST /_emulator/fault-script does.</summary>
    public void ScriptFaults(string operation, int atRequest, params FaultKind[] faults) =>
        _faults.Scripts.Set(new ScriptedFault(operation, atRequest, faults));

    /// <summary>Answers these operations 403 AccessDeniedException for requests signed with the access key, as --deny does.</summary>
    public void Deny(string accessKey, params string[] operations) => _policy.Deny(accessKey, operations);

    /// <summary>Allows an access key every operation again.</summary>
    public void AllowAll(string accessKey) => _policy.Allow(accessKey, null);

    /// <summary>Clears request counters (the store has its own Reset).</summary>
    public void ResetRequestCounts() => _counters.Reset();

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        // Empty builder: no appsettings, no environment-driven URLs, no logging providers -> nothing on stdout.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, SilentLifetime>();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            k.Listen(IPAddress.Parse(options.BindAddress), options.Port);
        });

        var time = options.TimeProvider;
        var store = new EmulatorStore(options.Region, options.Account, time.GetUtcNow)
        {
            JobCancelRate = options.JobCancelRate,
            TimeScale = options.TimeScale,
            ConsistencyLag = options.ConsistencyLag,
        };
        var counters = new RequestCounters();
        var rateLimiter = new RateLimiter(options, time);
        var faults = new FaultInjector(options.FaultRate, options.Seed, options.FaultKinds.ToList(), options.OutageStart, options.OutageDuration,
            time, new FaultScripts(options.FaultScripts));
        var credentials = new Credentials(options);
        var policy = new AccessPolicy(options.DeniedOperations);
        var clock = new EmulatorClock(time, options.ClockOffset);
        var shapes = options.ShapeCheck ?? ShapeCheckReport.FromEnvironment;
        var admin = new AdminEndpoints(store, counters, rateLimiter, faults, credentials, policy, clock);
        var pipeline = new RequestPipeline(options, store, counters, rateLimiter, faults, credentials, policy, clock, admin, shapes);

        var app = builder.Build();
        ((IApplicationBuilder)app).Run(pipeline.HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        var ip = IPAddress.Parse(options.BindAddress);
        // A wildcard bind is still reached through loopback by local clients.
        string host = ip.Equals(IPAddress.Any) ? "127.0.0.1" : ip.Equals(IPAddress.IPv6Any) ? "[::1]"
            : ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
        return new EmulatorHost(app, options, store, counters, faults, policy, shapes, new Uri($"http://{host}:{bound.Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(cts.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _shapes?.Flush();
        }
    }

    /// <summary>Replaces ConsoleLifetime: the emulator's own Program handles SIGINT/SIGTERM, and in-process hosts must not.</summary>
    private sealed class SilentLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
