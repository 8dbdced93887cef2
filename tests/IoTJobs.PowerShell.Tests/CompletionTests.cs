using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;

namespace IoTJobs.PowerShell.Tests
{
    /// <summary>
    /// Tab completion of -JobId and -ThingName from the service (TabExpansion2 in a runspace whose
    /// $PSDefaultParameterValues point at the emulator, as a user's profile would): prefix filtering, the settings typed
    /// on the command line winning over the defaults, the cache, and silence when the service cannot be reached.
    /// </summary>
    public sealed class CompletionTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public CompletionTests(EmulatorFixture fx) => _fx = fx;

        private static string[] Complete(PSSession s, string line) =>
            s.Invoke("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", line)
                .Select(o => o.ToString()).ToArray();

        private (string Tag, string[] Jobs, string[] Things) Seed()
        {
            var tag = "c" + Guid.NewGuid().ToString("N").Substring(0, 6);
            var things = new[] { $"{tag}-dev-1", $"{tag}-dev-2" };
            var jobs = new[] { $"{tag}-fw-a", $"{tag}-fw-b" };
            _fx.Emulator.Store.Seed(jobs[0], things);
            _fx.Emulator.Store.Seed(jobs[1], new[] { things[0] });
            _fx.Emulator.Store.Seed($"other-{tag}", new[] { $"other-{tag}" });
            ServiceNameCompleter.ClearCache();
            return (tag, jobs, things);
        }

        [Theory]
        [InlineData("Get-IoTJob -JobId ")]
        [InlineData("Get-IoTJobExecution -JobId ")]
        [InlineData("Stop-IoTJob -JobId ")]
        [InlineData("Stop-IoTJob ")] // positional
        public void JobId_CompletesSeededJobsByPrefix(string command)
        {
            using var s = _fx.Open();
            var (tag, jobs, _) = Seed();

            var matches = Complete(s, command + tag + "-fw");

            Assert.Equal(jobs, matches);
            Assert.Empty(s.Errors);
        }

        [Theory]
        [InlineData("Get-IoTThing -ThingName ")]
        [InlineData("Get-IoTJobExecution -ThingName ")]
        public void ThingName_CompletesSeededThingsByPrefix(string command)
        {
            using var s = _fx.Open();
            var (tag, _, things) = Seed();

            Assert.Equal(things, Complete(s, command + tag));
            Assert.Equal(new[] { things[1] }, Complete(s, command + tag.ToUpperInvariant() + "-DEV-2")); // case-insensitive prefix
        }

        [Fact]
        public void QuotedWord_KeepsItsQuote()
        {
            using var s = _fx.Open();
            var (tag, jobs, _) = Seed();

            Assert.Equal(jobs.Select(j => "'" + j + "'"), Complete(s, $"Get-IoTJob -JobId '{tag}-fw"));
        }

        [Fact]
        public void ResultsAreCachedPerEndpoint_ForAMinute()
        {
            using var s = _fx.Open();
            var (tag, jobs, _) = Seed();
            var before = _fx.Emulator.RequestCount("ListJobs");

            Assert.Equal(jobs, Complete(s, $"Get-IoTJob -JobId {tag}-fw"));
            var afterFirst = _fx.Emulator.RequestCount("ListJobs");
            Assert.True(afterFirst > before);
            _fx.Emulator.Store.Seed($"{tag}-fw-c", new[] { $"{tag}-late" });
            Assert.Equal(jobs, Complete(s, $"Stop-IoTJob -JobId {tag}-fw")); // same endpoint and region: the cached list
            Assert.Equal(afterFirst, _fx.Emulator.RequestCount("ListJobs"));

            ServiceNameCompleter.ClearCache();
            Assert.Equal(jobs.Append($"{tag}-fw-c"), Complete(s, $"Get-IoTJob -JobId {tag}-fw"));
        }

        [Fact]
        public void SettingsOnTheCommandLine_WinOverDefaults()
        {
            using var s = _fx.Open();
            var (tag, jobs, _) = Seed();
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = 'http://127.0.0.1:9'");

            Assert.Empty(Complete(s, $"Get-IoTJob -JobId {tag}-fw")); // the defaults' endpoint is closed
            Assert.Equal(jobs, Complete(s, $"Get-IoTJob -EndpointUrl {_fx.Endpoint} -JobId {tag}-fw"));
            // The region typed is the one signed for: the emulator serves us-east-1 only, so another region gets nothing.
            Assert.Empty(Complete(s, $"Get-IoTJob -EndpointUrl {_fx.Endpoint} -Region eu-west-1 -JobId {tag}-fw"));
        }

        [Fact]
        public void CompletionRunFromAModuleScope_UsesTheSessionsDefaults()
        {
            // PSReadLine completes from inside its own module: there $PSDefaultParameterValues is the module's own, empty
            // one, and the user's (the defaults this runspace set, as a profile would) is the global one.
            using var s = _fx.Open();
            var (tag, jobs, things) = Seed();
            s.Invoke("$null = New-Module -Name FakeReadLine -ScriptBlock { function Invoke-ModuleCompletion([string] $Line) { " +
                     "if ($PSDefaultParameterValues.Count) { throw 'expected the module''s own, empty defaults' }; " +
                     "(TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText } }");

            var matches = s.Invoke("Invoke-ModuleCompletion $args[0]", $"Stop-IoTJobExecution -JobId {tag}-fw").Select(o => o.ToString()).ToArray();

            Assert.Empty(s.Errors);
            Assert.Equal(jobs, matches);
            Assert.Equal(things, s.Invoke("Invoke-ModuleCompletion $args[0]", $"Stop-IoTJobExecution -JobId {jobs[0]} -ThingName {tag}-dev").Select(o => o.ToString()).ToArray());
        }

        [Fact]
        public void ClosedPort_CompletesNothing_Quickly_AndWritesNoError()
        {
            using var s = _fx.Open();
            s.Invoke("$Error.Clear()");
            var port = FreePort();
            var sw = Stopwatch.StartNew();

            var matches = Complete(s, $"Get-IoTJob -EndpointUrl http://127.0.0.1:{port} -JobId s");

            Assert.Empty(matches); // nothing, and no fallback to file names (the repository has files starting with s)
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"took {sw.Elapsed}");
            Assert.Empty(s.Errors);
            Assert.Equal(0, s.Invoke("$Error.Count").Single().BaseObject);
        }

        [Fact]
        public async Task ServerThatNeverAnswers_CompletesNothing_WithinTheTimeout()
        {
            // Accepts connections and never answers: only the completer's own timeout ends the wait.
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var held = new System.Collections.Concurrent.ConcurrentBag<TcpClient>();
            var accept = Task.Run(async () =>
            {
                try { while (true) held.Add(await listener.AcceptTcpClientAsync()); } catch (Exception) { }
            });
            try
            {
                using var s = _fx.Open();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                var sw = Stopwatch.StartNew();

                var matches = Complete(s, $"Get-IoTThing -EndpointUrl http://127.0.0.1:{port} -ThingName x");

                Assert.Empty(matches);
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(4), $"took {sw.Elapsed}");
                Assert.True(sw.Elapsed >= TimeSpan.FromSeconds(1.5), $"returned after {sw.Elapsed}: the server was never given the timeout");
                Assert.Empty(s.Errors);

                // The failure is remembered briefly: the next Tab does not wait again.
                sw.Restart();
                Assert.Empty(Complete(s, $"Get-IoTThing -EndpointUrl http://127.0.0.1:{port} -ThingName y"));
                Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1), $"second attempt took {sw.Elapsed}");
            }
            finally
            {
                listener.Stop();
                foreach (var c in held) c.Dispose();
                await accept;
            }
        }

        private static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }
    }
}
