using IoTJobs.Emulator.Handlers;

namespace IoTJobs.Emulator.ShapeCheck;

/// <summary>
/// The response-shape check of a test run: when IOTJOBS_CHECK_SHAPES_BOTOCORE (a botocore "data" directory) and
/// IOTJOBS_CHECK_SHAPES_DIR (a report directory) are set, every emulator in this process (command-line or in-process)
/// checks every API response it sends with <see cref="ResponseShapeChecker"/> and reports here. Each process writes
/// shapes-&lt;pid&gt;-&lt;id&gt;.json (responses checked by operation, status and error code; rewritten every second and when
/// a host stops) and appends each violation, as it happens, to shapes-&lt;pid&gt;-&lt;id&gt;.violations.jsonl, so a process
/// that is killed loses at most a second of counts and never a violation. tests/Test-ResponseShapes.ps1 reads them
/// after the suite and fails it on any violation.
/// </summary>
public sealed class ShapeCheckReport : IDisposable
{
    public const string ModelVariable = "IOTJOBS_CHECK_SHAPES_BOTOCORE";
    public const string DirectoryVariable = "IOTJOBS_CHECK_SHAPES_DIR";

    private static readonly Lazy<ShapeCheckReport?> FromEnvironmentLazy = new(CreateFromEnvironment);

    private readonly object _gate = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly string _countsPath;
    private readonly string _violationsPath;
    private readonly Timer _timer;
    private long _violations;
    private bool _dirty = true;

    /// <summary>"process" when the emulator runs as its own program (set by Program.Main), else "in-process".</summary>
    public static string HostKind { get; set; } = "in-process";

    public ShapeCheckReport(ResponseShapeChecker checker, string directory)
    {
        Checker = checker;
        Directory.CreateDirectory(directory);
        string id = $"shapes-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32];
        _countsPath = Path.Combine(directory, id + ".json");
        _violationsPath = Path.Combine(directory, id + ".violations.jsonl");
        _timer = new Timer(_ => Flush(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Flush();
    }

    public ResponseShapeChecker Checker { get; }

    /// <summary>The process-wide report the environment asks for, or null when the check is off. Loaded once.</summary>
    public static ShapeCheckReport? FromEnvironment => FromEnvironmentLazy.Value;

    private static ShapeCheckReport? CreateFromEnvironment()
    {
        string? models = Environment.GetEnvironmentVariable(ModelVariable);
        string? dir = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(models) || string.IsNullOrEmpty(dir)) return null;
        // A broken setting must not pass as "checked": the model is loaded here and a failure stops the emulator.
        return new ShapeCheckReport(ResponseShapeChecker.Load(models), dir);
    }

    /// <summary>Checks one response and records the outcome.</summary>
    public void Record(string? operation, string method, string path, int status, string? errorCode, ReadOnlySpan<byte> body)
    {
        IReadOnlyList<string> problems;
        try
        {
            problems = Checker.Check(operation, status, errorCode, body);
        }
        catch (Exception ex)
        {
            problems = new[] { $"the checker failed: {ex.GetType().Name}: {ex.Message}" };
        }
        string op = operation == null ? "-" : ResponseShapeChecker.QualifiedName(operation);
        string key = $"{op} {status} {errorCode}".TrimEnd();
        lock (_gate)
        {
            _counts[key] = _counts.TryGetValue(key, out long n) ? n + 1 : 1;
            _dirty = true;
            if (problems.Count == 0) return;
            _violations++;
            string bodyText = System.Text.Encoding.UTF8.GetString(body.Length > 2000 ? body[..2000] : body);
            string line = JsonSerializer.Serialize(new
            {
                operation = operation ?? "-",
                method,
                path = path.Length > 300 ? path[..300] : path,
                status,
                errorCode,
                problems,
                body = bodyText,
            });
            try
            {
                File.AppendAllText(_violationsPath, line + "\n");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The directory went away: make it again, and if even that fails, say so on stderr rather than fail
                // the request (the counts still say a violation happened).
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(_violationsPath)!);
                    File.AppendAllText(_violationsPath, line + "\n");
                }
                catch (Exception again) when (again is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"response-shape violation (report not writable: {again.Message}): {line}");
                }
            }
        }
    }

    /// <summary>Rewrites the counts file when something changed (atomically: written aside, then moved over).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (!_dirty) return;
            _dirty = false;
            string json = JsonSerializer.Serialize(new
            {
                pid = Environment.ProcessId,
                hostKind = HostKind,
                process = Environment.ProcessPath,
                models = Checker.ModelFiles,
                // What this emulator serves, as botocore names it: the suite's check reports operations never exercised.
                operations = Operations.All.Select(ResponseShapeChecker.QualifiedName).ToList(),
                responses = _counts.Values.Sum(),
                violations = _violations,
                counts = new SortedDictionary<string, long>(_counts, StringComparer.Ordinal),
            }, new JsonSerializerOptions { WriteIndented = true });
            string temp = _countsPath + ".tmp";
            try
            {
                File.WriteAllText(temp, json);
                File.Move(temp, _countsPath, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The report directory went away (a new run cleaned it): never take the emulator down for it; the
                // next flush makes the directory again.
                _dirty = true;
                try { Directory.CreateDirectory(Path.GetDirectoryName(_countsPath)!); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }
}
