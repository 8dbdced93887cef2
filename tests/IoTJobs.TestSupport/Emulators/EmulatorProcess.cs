using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.TestSupport.Emulators;

/// <summary>
/// The emulator as a child process: <c>dotnet IoTJobs.Emulator.dll --port 0 ...</c>, its endpoint read from the first
/// stdout line ("Listening on http://127.0.0.1:port"), every later line of both streams kept as it comes, killed on
/// dispose. The same start-up as tests/pester/TestHelpers.psm1's Start-TestEmulator, for the xunit projects.
/// </summary>
public sealed partial class EmulatorProcess : IAsyncDisposable
{
    /// <summary>How long start-up may take before the process is killed and the start fails (a bound, not a speed).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Channel<string> _stdoutLines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _log = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EmulatorProcess(Process process) => _process = process;

    /// <summary>The first stdout line, as the emulator printed it.</summary>
    public string FirstLine { get; private set; } = "";

    /// <summary>http://127.0.0.1:port (no trailing slash).</summary>
    public string Endpoint { get; private set; } = "";

    public Uri BaseAddress => new(Endpoint + "/");

    public Process Process => _process;

    /// <summary>Every line of stdout after the first and of stderr so far, in arrival order (the request log).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>How to run the emulator with these arguments (for runs that end by themselves: --help, seed, bad options).</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(typeof(EmulatorHost).Assembly.Location);
        foreach (string a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>Starts the emulator on a free loopback port (--port 0 comes first; later arguments may add anything).</summary>
    public static async Task<EmulatorProcess> StartAsync(params string[] args)
    {
        var process = new Process { StartInfo = StartInfo(new[] { "--port", "0" }.Concat(args).ToArray()) };
        var emulator = new EmulatorProcess(process);
        var first = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null) { first.TrySetResult(null); emulator._stdoutLines.Writer.TryComplete(); emulator._stdoutClosed.TrySetResult(); return; }
            if (first.TrySetResult(e.Data)) return;
            emulator._stdoutLines.Writer.TryWrite(e.Data);
            lock (emulator._log) emulator._log.AppendLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null) { emulator._stderrClosed.TrySetResult(); return; }
            lock (emulator._log) { emulator._log.AppendLine(e.Data); emulator._stderr.AppendLine(e.Data); }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var line = await first.Task.WaitAsync(StartTimeout);
            var m = ListeningLine().Match(line ?? "");
            if (!m.Success) throw new InvalidOperationException($"The emulator's first line was '{line}', not 'Listening on http://127.0.0.1:<port>': {emulator.Log}");
            emulator.FirstLine = line!;
            emulator.Endpoint = m.Groups[1].Value;
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    [GeneratedRegex(@"^Listening on (http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ListeningLine();

    /// <summary>The next stdout line after the first; fails after <paramref name="timeout"/> rather than hang.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout) => await _stdoutLines.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    /// <summary>Sends a signal (TERM, INT) the way a shell's kill does.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {_process.Id}") { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to end and its streams to close; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await Task.WhenAll(_process.WaitForExitAsync(), _stdoutClosed.Task, _stderrClosed.Task).WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Stdout after the first line, once the process has ended (see <see cref="WaitForExitAsync"/>).</summary>
    public string RestOfStdout()
    {
        var lines = new List<string>();
        while (_stdoutLines.Reader.TryRead(out var line)) lines.Add(line);
        return string.Join("\n", lines);
    }

    /// <summary>Everything on stderr so far.</summary>
    public string StdErr { get { lock (_log) return _stderr.ToString(); } }

    public ValueTask DisposeAsync()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // never started, or already gone
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
