using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using IoTJobs.Emulator.Auth;
using IoTJobs.Emulator.Faults;
using IoTJobs.Emulator.Handlers;

namespace IoTJobs.Emulator.Hosting;

/// <summary>The command line: --help text and option parsing into <see cref="EmulatorOptions"/>.</summary>
internal static class CommandLine
{
    internal const string Usage = """
        IoTJobs.Emulator: a local AWS IoT Jobs emulator (control plane 'iot', data plane 'iot-jobs-data', device
        shadows 'iot-data').

        Usage (iotjobs-emulator when installed as a .NET tool; else dotnet IoTJobs.Emulator.dll):
          iotjobs-emulator [options]
          iotjobs-emulator seed --endpoint <url> --job <id> --thing-prefix <p> --count <n>
                                [--in-progress <k>] [--succeeded <k>] [--thing-type <t>] [--attribute <k=v>]
                                [--shadow-reported <json>] [--connected <k>] [--disconnected <k>]
                                [--access-key test] [--secret-key test] [--region us-east-1]
                                (iotjobs-emulator seed --help: every seed option)

        Options:
          --port <0..65535>          TCP port; 0 picks a free one (default 0)
          --bind <ip>                address to bind (default 127.0.0.1, loopback only)
          --region <name>            region in ARNs and the SigV4 scope (default us-east-1)
          --account <12 digits>      account id in ARNs and STS GetCallerIdentity (default 123456789012)
          --access-key <id>          accepted access key id (default test)
          --secret-key <secret>      its secret key (default test)
          --rate-limit <spec>        token bucket per API operation, calls/s. <spec> is a number (default
                                     for every operation), Operation=number pairs, or both:
                                     10  |  CancelJobExecution=50,DescribeJobExecution=50  |  10,CancelJob=5
                                     (default: off)
          --rate-limit-burst <n>     bucket capacity, n >= 1 (default max(1, ceil(limit)))
          --latency-ms <n>           delay added to every response, n >= 0 (default 0)
          --fault-rate <0..1>        fraction of API requests that get a fault (default 0), of these kinds:
          --fault-kinds <list>       comma-separated, equal weight (default 503,drop,apply-then-drop):
                                     503 = ServiceUnavailableException, nothing applied;
                                     drop = connection dropped, nothing applied;
                                     apply-then-drop = applied, then the connection dropped (outcome unknown);
                                     expired-token = 403 ExpiredTokenException, nothing applied
          --fault-script <spec>      <Operation>[@<n>]=<kind>[,<kind>...]: request n of the operation (default 1,
                                     counted from start or reset) gets the first kind, the next one the second:
                                     CancelJobExecution=apply-then-drop,expired-token (repeatable; also
                                     POST /_emulator/fault-script)
          --deny <key>:<Op>[,<Op>]   requests signed with access key <key> get 403 AccessDeniedException for these
                                     operations (repeatable; also POST /_emulator/deny)
          --seed <int>               random seed that makes --fault-rate repeatable
          --outage <start>:<length>  seconds after start (or after POST /_emulator/reset) and duration of a window
                                     in which every API request gets 503 ServiceUnavailableException, e.g. 10:5
                                     (also at run time: POST /_emulator/outage?seconds=5)
          --clock-offset <t>         run the emulator's clock ahead or behind, e.g. 20m, -20m, 90s, -1h (SigV4 window
                                     and Date header; also at run time: POST /_emulator/clock?offset=-20m)
          --job-cancel-rate <n>      executions a CancelJob cancels per second, server-side; while it works the job
                                     is CANCELED with isConcurrent true and its counts move (default 16.667, AWS's
                                     documented 1,000 a minute; 0 = all at once, inside the CancelJob call)
          --time-scale <n>           execution timeouts run n times faster than real time: with 60, a job's
                                     timeoutConfig of 1 minute fires after 1 s (default 1)
          --consistency-lag-ms <n>   for n ms after a CancelJobExecution, DescribeJobExecution still shows the
                                     execution as it was before (CANCELED is eventually consistent on AWS; default 0)
          --log-requests             one line per request on stdout (no headers, no secrets)
          --quiet                    no banner on stderr
          --help                     this text

        Requests must be SigV4-signed with the access key above (X-Amz-Security-Token is accepted when signed).
        Credential scope service 'iot' or 'execute-api' = control plane; 'iot-jobs-data' = jobs data plane;
        'iotdata' (or 'iotdevicegateway') = device shadows; 'sts' = STS (POST / with Action=GetCallerIdentity).
        Devices' connections: POST /_emulator/connectivity {"thingName": "t", "connected": false}.

        Operations (for --rate-limit and /_emulator/stats):
          CreateThing DescribeThing ListThings CreateJob DescribeJob ListJobs CancelJob DeleteJob
          DescribeJobExecution ListJobExecutionsForJob ListJobExecutionsForThing CancelJobExecution
          DeleteJobExecution StartNextPendingJobExecution UpdateJobExecution GetPendingJobExecutions
          JobsDataDescribeJobExecution (the data-plane DescribeJobExecution)
          CreateThingGroup DescribeThingGroup ListThingGroups AddThingToThingGroup RemoveThingFromThingGroup
          ListThingsInThingGroup ListThingGroupsForThing AssociateTargetsWithJob
          UpdateIndexingConfiguration GetIndexingConfiguration SearchIndex (fleet indexing; AWS's default
          SearchIndex limit is about 15/s: --rate-limit SearchIndex=15)
          UpdateThingShadow GetThingShadow (iot-data, the classic shadow)
          GetCallerIdentity (STS)
        """;

    /// <summary>Parses command-line options. Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public static EmulatorOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // The command line rehearses AWS: whole-job cancels take the time they take there.
        var o = new EmulatorOptions { JobCancelRate = EmulatorStore.AwsJobCancelRate };
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string name = arg;
            string? inline = null;
            int eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                inline = arg[(eq + 1)..];
            }

            string Value()
            {
                if (inline != null) return inline;
                if (i + 1 >= args.Length)
                    throw new ArgumentException($"Option {name} needs a value.", name);
                return args[++i];
            }

            switch (name)
            {
                case "--port":
                    o.Port = ParseInt(name, Value(), 0, 65535, "an integer 0..65535");
                    break;
                case "--bind":
                {
                    string v = Value();
                    if (!IPAddress.TryParse(v, out _))
                        throw new ArgumentException($"Option --bind: '{v}' is not an IP address (e.g. 127.0.0.1 or ::1).", name);
                    o.BindAddress = v;
                    break;
                }
                case "--region":
                {
                    string v = Value();
                    if (!IoTJobs.Aws.Regions.IsValid(v))
                        throw new ArgumentException($"Option --region: '{v}' is not {IoTJobs.Aws.Regions.Rule}.", name);
                    o.Region = v;
                    break;
                }
                case "--account":
                {
                    string v = Value();
                    if (!Regex.IsMatch(v, "^[0-9]{12}$"))
                        throw new ArgumentException($"Option --account: '{v}' is not a 12-digit account id.", name);
                    o.Account = v;
                    break;
                }
                case "--access-key":
                {
                    string v = Value();
                    if (v.Length == 0) throw new ArgumentException("Option --access-key must not be empty.", name);
                    o.AccessKey = v;
                    break;
                }
                case "--secret-key":
                {
                    string v = Value();
                    // The value itself is never echoed back (it is a secret).
                    if (v.Length == 0) throw new ArgumentException("Option --secret-key must not be empty.", name);
                    o.SecretKey = v;
                    break;
                }
                case "--rate-limit":
                    ParseRateLimit(Value(), o);
                    break;
                case "--rate-limit-burst":
                    o.RateLimitBurst = ParseInt(name, Value(), 1, int.MaxValue, "an integer >= 1");
                    break;
                case "--latency-ms":
                    o.LatencyMs = ParseInt(name, Value(), 0, 600_000, "an integer 0..600000");
                    break;
                case "--fault-rate":
                {
                    string v = Value();
                    if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ||
                        double.IsNaN(d) || d < 0 || d > 1)
                        throw new ArgumentException($"Option --fault-rate: '{v}' is not a number between 0 and 1.", name);
                    o.FaultRate = d;
                    break;
                }
                case "--fault-kinds":
                    o.FaultKinds = ParseFaultKinds(Value());
                    break;
                case "--outage":
                    (o.OutageStart, o.OutageDuration) = ParseOutage(Value());
                    break;
                case "--fault-script":
                    o.FaultScripts.Add(ParseFaultScript(Value()));
                    break;
                case "--deny":
                    ParseDeny(Value(), o);
                    break;
                case "--seed":
                    o.Seed = ParseInt(name, Value(), int.MinValue, int.MaxValue, "an integer");
                    break;
                case "--clock-offset":
                    o.ClockOffset = ParseClockOffset(Value(), name);
                    break;
                case "--job-cancel-rate":
                    o.JobCancelRate = ParseNumber(name, Value(), allowZero: true, "a number of executions per second >= 0 (0 = instant)");
                    break;
                case "--time-scale":
                    o.TimeScale = ParseNumber(name, Value(), allowZero: false, "a number > 0 (e.g. 60: a timeout minute lasts a second)");
                    break;
                case "--consistency-lag-ms":
                    o.ConsistencyLag = TimeSpan.FromMilliseconds(ParseInt(name, Value(), 0, 600_000, "a number of milliseconds from 0 to 600000"));
                    break;
                case "--quiet":
                    NoValue(name, inline);
                    o.Quiet = true;
                    break;
                case "--log-requests":
                    NoValue(name, inline);
                    o.LogRequests = true;
                    break;
                default:
                    throw new ArgumentException(
                        $"Unknown option '{name}'. Valid options: --port, --bind, --region, --account, --access-key, " +
                        "--secret-key, --rate-limit, --rate-limit-burst, --latency-ms, --fault-rate, --fault-kinds, --fault-script, --deny, --seed, --outage, " +
                        "--clock-offset, --job-cancel-rate, --time-scale, --consistency-lag-ms, --log-requests, --quiet, --help.", name);
            }
        }
        return o;
    }

    /// <summary>Parses "10", "Op=5,Op2=7" or "10,Op=5" into the options.</summary>
    internal static void ParseRateLimit(string spec, EmulatorOptions o)
    {
        const string name = "--rate-limit";
        if (string.IsNullOrWhiteSpace(spec))
            throw new ArgumentException("Option --rate-limit needs a value such as 10 or CancelJobExecution=50.", name);
        foreach (string rawPart in spec.Split(','))
        {
            string part = rawPart.Trim();
            int eq = part.IndexOf('=');
            if (eq < 0)
            {
                if (o.RateLimit != null)
                    throw new ArgumentException($"Option --rate-limit: more than one default limit in '{spec}'.", name);
                o.RateLimit = ParseRate(part, spec);
                continue;
            }
            string op = part[..eq].Trim();
            if (!Operations.All.Contains(op))
                throw new ArgumentException(
                    $"Option --rate-limit: unknown operation '{op}'. Valid operations: {string.Join(", ", Operations.All)}.", name);
            o.OperationRateLimits[op] = ParseRate(part[(eq + 1)..].Trim(), spec);
        }
    }

    /// <summary>Parses "503,drop,apply-then-drop" (any subset, any order; names are case-insensitive).</summary>
    internal static List<FaultKind> ParseFaultKinds(string spec, string name = "--fault-kinds", bool distinct = true)
    {
        string valid = $"Valid kinds: {string.Join(", ", ScriptedFault.KindNames)} (comma-separated).";
        var kinds = new List<FaultKind>();
        foreach (string raw in (spec ?? "").Split(','))
        {
            string part = raw.Trim();
            FaultKind kind = ScriptedFault.KindOf(part) ?? throw new ArgumentException(
                part.Length == 0 ? $"Option {name}: empty kind in '{spec}'. {valid}" : $"Option {name}: unknown kind '{part}'. {valid}", name);
            if (!distinct || !kinds.Contains(kind)) kinds.Add(kind);
        }
        return kinds;
    }

    /// <summary>Parses "Operation[@n]=kind[,kind...]": request n (default 1) of the operation gets the first kind, the next the second.</summary>
    internal static ScriptedFault ParseFaultScript(string spec)
    {
        const string name = "--fault-script";
        var m = Regex.Match(spec ?? "", @"^\s*([A-Za-z]+)\s*(?:@\s*(\d+)\s*)?=(.*)$");
        if (!m.Success)
            throw new ArgumentException($"Option --fault-script: '{spec}' is not <Operation>[@<n>]=<kind>[,<kind>...] (e.g. CancelJobExecution=apply-then-drop,expired-token).", name);
        int at = m.Groups[2].Success ? ParseInt(name, m.Groups[2].Value, 1, int.MaxValue, "a request number >= 1") : 1;
        var script = new ScriptedFault(m.Groups[1].Value, at, ParseFaultKinds(m.Groups[3].Value, name, distinct: false));
        try { script.Validate(); }
        catch (ArgumentException ex) { throw new ArgumentException($"Option --fault-script: {ex.Message}", name); }
        return script;
    }

    /// <summary>Parses "accessKey:Operation[,Operation...]" into the denied operations of that key.</summary>
    internal static void ParseDeny(string spec, EmulatorOptions o)
    {
        const string name = "--deny";
        int colon = (spec ?? "").LastIndexOf(':');
        if (colon <= 0 || colon == spec!.Length - 1)
            throw new ArgumentException($"Option --deny: '{spec}' is not <access key>:<Operation>[,<Operation>...] (e.g. AKIDREADONLY:DescribeJobExecution).", name);
        string key = spec[..colon];
        var ops = spec[(colon + 1)..].Split(',').Select(s => s.Trim()).ToList();
        foreach (string op in ops)
        {
            try { AccessPolicy.CheckDeniable(op); }
            catch (ArgumentException ex) { throw new ArgumentException($"Option --deny: {ex.Message}", name); }
        }
        if (!o.DeniedOperations.TryGetValue(key, out var list)) o.DeniedOperations[key] = list = new List<string>();
        foreach (string op in ops) if (!list.Contains(op)) list.Add(op);
    }

    /// <summary>Parses "start:length" in seconds (decimals allowed), start >= 0, length > 0.</summary>
    internal static (TimeSpan, TimeSpan) ParseOutage(string spec)
    {
        const string name = "--outage";
        string[] parts = (spec ?? "").Split(':');
        if (parts.Length == 2 &&
            double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double start) &&
            double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double length) &&
            double.IsFinite(start) && double.IsFinite(length) && start >= 0 && length > 0 && start + length < 1e7)
            return (TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(length));
        throw new ArgumentException(
            $"Option --outage: '{spec}' is not <start seconds>:<duration seconds> with start >= 0 and duration > 0 (e.g. 10:5).", name);
    }

    /// <summary>Parses a signed duration with a unit: 20m, -20m, 90s, -1.5h, 0 (at most 7 days either way).</summary>
    internal static TimeSpan ParseClockOffset(string spec, string name = "--clock-offset")
    {
        var m = Regex.Match((spec ?? "").Trim(), @"^([+-]?)(\d+(?:\.\d+)?)(s|m|h)?$");
        if (m.Success && (m.Groups[3].Success || double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) == 0))
        {
            double n = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            TimeSpan t = m.Groups[3].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromSeconds(n),
            };
            if (m.Groups[1].Value == "-") t = -t;
            if (t.Duration() <= TimeSpan.FromDays(7)) return t;
        }
        throw new ArgumentException(
            $"Option {name}: '{spec}' is not a clock offset: a number with s, m or h, optionally negative, at most 7 days (e.g. 20m, -20m, 90s, -1h).", name);
    }

    private static double ParseRate(string v, string spec)
    {
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ||
            double.IsNaN(d) || double.IsInfinity(d) || d <= 0)
            throw new ArgumentException(
                $"Option --rate-limit: '{v}' in '{spec}' is not a positive number of calls per second.", "--rate-limit");
        return d;
    }

    private static double ParseNumber(string name, string v, bool allowZero, string valid)
    {
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d) ||
            d < 0 || (!allowZero && d == 0) || d > 1_000_000)
            throw new ArgumentException($"Option {name}: '{v}' is not {valid}, at most 1000000.", name);
        return d;
    }

    private static int ParseInt(string name, string v, int min, int max, string valid)
    {
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new ArgumentException($"Option {name}: '{v}' is not {valid}.", name);
        return n;
    }

    private static void NoValue(string name, string? inline)
    {
        if (inline != null) throw new ArgumentException($"Option {name} takes no value.", name);
    }

    /// <summary>ArgumentException appends " (Parameter 'x')"; the message already names the option.</summary>
    internal static string CleanMessage(ArgumentException ex)
    {
        string m = ex.Message;
        int i = m.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i > 0 ? m[..i] : m;
    }
}
