using System.Net;
using IoTJobs.Emulator.Auth;
using IoTJobs.Emulator.Faults;
using IoTJobs.Emulator.Hosting;
using IoTJobs.Emulator.Handlers;

namespace IoTJobs.Emulator.Hosting;

/// <summary>Settings of one emulator instance (command line: <see cref="Parse"/>; in-process: set in code).</summary>
public sealed class EmulatorOptions
{
    public int Port { get; set; } = 0;
    public string BindAddress { get; set; } = "127.0.0.1";
    public string Region { get; set; } = "us-east-1";
    public string Account { get; set; } = "123456789012";
    public string AccessKey { get; set; } = "test";
    public string SecretKey { get; set; } = "test";

    /// <summary>Default calls per second for every operation; null = no rate limiting.</summary>
    public double? RateLimit { get; set; }

    /// <summary>Per-operation limits (calls per second) that override <see cref="RateLimit"/>.</summary>
    public IDictionary<string, double> OperationRateLimits { get; set; } =
        new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Bucket capacity; null = max(1, ceil(limit)) per operation.</summary>
    public int? RateLimitBurst { get; set; }

    public int LatencyMs { get; set; }
    public double FaultRate { get; set; }
    public int? Seed { get; set; }

    /// <summary>Which faults --fault-rate injects, drawn with equal weight (default: 503, drop, apply-then-drop).</summary>
    public IList<FaultKind> FaultKinds { get; set; } = new List<FaultKind>(DefaultFaultKinds);

    /// <summary>Faults for chosen requests of an operation (--fault-script), e.g. the first applied then dropped, the retry ExpiredToken.</summary>
    public IList<ScriptedFault> FaultScripts { get; set; } = new List<ScriptedFault>();

    /// <summary>Operations answered 403 AccessDeniedException for an access key (--deny), by access key.</summary>
    public IDictionary<string, IList<string>> DeniedOperations { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>Start of a window, relative to the emulator's start (or its last reset), in which every API request gets 503; null = none.</summary>
    public TimeSpan? OutageStart { get; set; }

    /// <summary>Length of that window.</summary>
    public TimeSpan OutageDuration { get; set; }

    internal static readonly FaultKind[] DefaultFaultKinds = { FaultKind.ServiceUnavailable, FaultKind.Drop, FaultKind.ApplyThenDrop };

    /// <summary>
    /// How far the emulator's clock runs ahead (positive) or behind (negative) the machine's: the SigV4 time window
    /// (15 minutes either side) is checked against it, and the Date header of every response shows it.
    /// </summary>
    public TimeSpan ClockOffset { get; set; }

    /// <summary>
    /// The machine's clock as the emulator sees it: timestamps, timers, rate limits, outages, --latency-ms, the SigV4
    /// window and the Date header. Tests pass a fake one to move time without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Executions a CancelJob cancels per second, server-side (0 = all at once). The command line defaults to AWS's
    /// documented pace, 1,000 a minute (<see cref="EmulatorStore.AwsJobCancelRate"/>); options built in code (tests)
    /// default to 0, so a test sees a whole-job cancel done when CancelJob returns unless it asks for the pace.
    /// </summary>
    public double JobCancelRate { get; set; }

    /// <summary>How much faster than real time execution timeouts run (60: a 1-minute timeout fires after 1 s). Default 1.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>How long after a CancelJobExecution a DescribeJobExecution still shows the execution as it was (AWS: "might take some time").</summary>
    public TimeSpan ConsistencyLag { get; set; }

    /// <summary>
    /// Checks every API response against botocore's model and reports to it; null = the process-wide report the
    /// environment asks for (<see cref="ShapeCheck.ShapeCheckReport.FromEnvironment"/>), if any.
    /// </summary>
    public ShapeCheck.ShapeCheckReport? ShapeCheck { get; set; }

    /// <summary>Suppresses the stderr banner (stdout keeps only the Listening line).</summary>
    public bool Quiet { get; set; }

    /// <summary>Writes one line per API request to stdout (never headers or secrets).</summary>
    public bool LogRequests { get; set; }

    /// <summary>Parses command-line options. Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public static EmulatorOptions Parse(string[] args) => CommandLine.Parse(args);

    /// <summary>Checks values set in code (the in-process path skips Parse).</summary>
    internal void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentException("Port must be 0..65535.", nameof(Port));
        if (!IPAddress.TryParse(BindAddress, out _)) throw new ArgumentException("BindAddress must be an IP address.", nameof(BindAddress));
        if (string.IsNullOrEmpty(AccessKey)) throw new ArgumentException("AccessKey must not be empty.", nameof(AccessKey));
        if (string.IsNullOrEmpty(SecretKey)) throw new ArgumentException("SecretKey must not be empty.", nameof(SecretKey));
        if (RateLimit is <= 0) throw new ArgumentException("RateLimit must be > 0 or null.", nameof(RateLimit));
        if (RateLimitBurst is < 1) throw new ArgumentException("RateLimitBurst must be >= 1 or null.", nameof(RateLimitBurst));
        if (LatencyMs < 0) throw new ArgumentException("LatencyMs must be >= 0.", nameof(LatencyMs));
        if (double.IsNaN(FaultRate) || FaultRate < 0 || FaultRate > 1) throw new ArgumentException("FaultRate must be 0..1.", nameof(FaultRate));
        if (!double.IsFinite(JobCancelRate) || JobCancelRate < 0) throw new ArgumentException("JobCancelRate must be >= 0 (0 = instant).", nameof(JobCancelRate));
        if (!double.IsFinite(TimeScale) || TimeScale <= 0) throw new ArgumentException("TimeScale must be > 0.", nameof(TimeScale));
        if (FaultKinds == null) throw new ArgumentException("FaultKinds must not be null (empty means all kinds).", nameof(FaultKinds));
        if (TimeProvider == null) throw new ArgumentException("TimeProvider must not be null (TimeProvider.System is the machine's clock).", nameof(TimeProvider));
        if (ClockOffset.Duration() > TimeSpan.FromDays(7)) throw new ArgumentException("ClockOffset must be within 7 days either way.", nameof(ClockOffset));
        if (OutageStart is TimeSpan os && (os < TimeSpan.Zero || OutageDuration <= TimeSpan.Zero))
            throw new ArgumentException("OutageStart must be >= 0 and OutageDuration > 0.", nameof(OutageStart));
        foreach (var kv in OperationRateLimits)
        {
            if (!Operations.All.Contains(kv.Key))
                throw new ArgumentException($"Unknown operation '{kv.Key}' in OperationRateLimits. Valid: {string.Join(", ", Operations.All)}.", nameof(OperationRateLimits));
            if (kv.Value <= 0) throw new ArgumentException($"OperationRateLimits[{kv.Key}] must be > 0.", nameof(OperationRateLimits));
        }
        foreach (var script in FaultScripts ?? throw new ArgumentException("FaultScripts must not be null.", nameof(FaultScripts)))
            script.Validate();
        foreach (var (key, ops) in DeniedOperations ?? throw new ArgumentException("DeniedOperations must not be null.", nameof(DeniedOperations)))
        {
            if (string.IsNullOrEmpty(key)) throw new ArgumentException("DeniedOperations: an access key must not be empty.", nameof(DeniedOperations));
            foreach (string op in ops) AccessPolicy.CheckDeniable(op);
        }
    }
}
