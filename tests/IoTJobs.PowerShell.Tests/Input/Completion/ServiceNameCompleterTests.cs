using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace IoTJobs.PowerShell.Tests.Input.Completion
{
    /// <summary>
    /// Tab completion of -JobId and -ThingName from the service (TabExpansion2 in a runspace whose
    /// $PSDefaultParameterValues point at the emulator, as a user's profile would): prefix filtering, the settings typed
    /// on the command line winning over the defaults, the cache, and silence when the service cannot be reached.
    /// </summary>
    public sealed class ServiceNameCompleterTests : IClassFixture<EmulatorFixture>
    {
        private readonly EmulatorFixture _fx;
        public ServiceNameCompleterTests(EmulatorFixture fx) => _fx = fx;

        /// <summary>What Tab offers at the end of <paramref name="line"/>; a completion that never returned fails after 60 s.</summary>
        internal static string[] Complete(PowerShellSession s, string line) =>
            s.InvokeWithin(TimeSpan.FromSeconds(60), "(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", line)
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
        public void ClosedPort_CompletesNothing_AndWritesNoError()
        {
            using var s = _fx.Open();
            s.Invoke("$Error.Clear()");
            var port = FreePort();

            var matches = Complete(s, $"Get-IoTJob -EndpointUrl http://127.0.0.1:{port} -JobId s");

            Assert.Empty(matches); // nothing, and no fallback to file names (the repository has files starting with s)
            Assert.Empty(s.Errors);
            Assert.Equal(0, s.Invoke("$Error.Count").Single().BaseObject);
        }

        internal static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }
    }

    /// <summary>
    /// The completer's timeout (ServiceNameCompleter.Timeout, 2 s): what ends a lookup is the service's answer, a refused
    /// connection, or the timeout, never the machine's speed. Some tests lengthen it (a process-wide setting), so these run alone.
    /// </summary>
    [Collection("ProcessEnvironment")]
    public sealed class ServiceNameCompleterTimeoutTests : IClassFixture<EmulatorFixture>, IDisposable
    {
        private readonly EmulatorFixture _fx;
        public ServiceNameCompleterTimeoutTests(EmulatorFixture fx) => _fx = fx;

        public void Dispose() => ServiceNameCompleter.Timeout = TimeSpan.FromSeconds(2);

        [Fact]
        public void ARefusedConnection_EndsTheLookupAtOnce_NotAtTheTimeout()
        {
            ServiceNameCompleter.Timeout = TimeSpan.FromMinutes(10); // Complete gives up after 60 s: only the refusal can end it
            using var s = _fx.Open();

            var matches = ServiceNameCompleterTests.Complete(s, $"Get-IoTJob -EndpointUrl http://127.0.0.1:{ServiceNameCompleterTests.FreePort()} -JobId s");

            Assert.Empty(matches);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public async Task ALateAnswer_IsUsed_WhileTheTimeoutLasts()
        {
            ServiceNameCompleter.Timeout = TimeSpan.FromMinutes(10);
            var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var server = ScriptedServer.Start(async (_, _) =>
            {
                asked.TrySetResult();
                await answer.Task;
                return Reply.Json(200, "{\"jobs\":[{\"jobId\":\"late-fw-1\"},{\"jobId\":\"late-fw-2\"}]}");
            });
            using var s = _fx.Open();

            var tab = Task.Run(() => ServiceNameCompleterTests.Complete(s, $"Get-IoTJob -EndpointUrl {server.Endpoint} -JobId late"));
            await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // A window in which a completer that did not wait for the service would have returned; this one waits.
            Assert.NotSame(tab, await Task.WhenAny(tab, Task.Delay(1000)));
            answer.SetResult();

            Assert.Equal(new[] { "late-fw-1", "late-fw-2" }, await tab.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal(1, server.Count);
        }

        [Fact]
        public async Task ServerThatNeverAnswers_CompletesNothing_WithinTheTimeout()
        {
            Assert.Equal(TimeSpan.FromSeconds(2), ServiceNameCompleter.Timeout);
            // Accepts connections and never answers: only the completer's own timeout ends the wait. Each connection is
            // read until the client closes it, so the test sees the client give up.
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var held = new ConcurrentBag<TcpClient>();
            int accepted = 0, closedByClient = 0;
            var accept = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var client = await listener.AcceptTcpClientAsync();
                        held.Add(client);
                        Interlocked.Increment(ref accepted);
                        _ = Task.Run(async () =>
                        {
                            var buffer = new byte[4096];
                            try { while (await client.GetStream().ReadAsync(buffer) > 0) { } }
                            catch (Exception) { }
                            Interlocked.Increment(ref closedByClient);
                        });
                    }
                }
                catch (Exception) { }
            });
            try
            {
                using var s = _fx.Open();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;

                var matches = ServiceNameCompleterTests.Complete(s, $"Get-IoTThing -EndpointUrl http://127.0.0.1:{port} -ThingName x");

                Assert.Empty(matches);
                Assert.Empty(s.Errors);
                // The service was asked once (one attempt, no retry), and the completer's timeout ended it: the client closed
                // the connection the server never answered.
                Assert.Equal(1, Volatile.Read(ref accepted));
                for (int i = 0; i < 3000 && Volatile.Read(ref closedByClient) == 0; i++) await Task.Delay(10);
                Assert.Equal(1, Volatile.Read(ref closedByClient));

                // The failure is remembered briefly: the next Tab asks nothing and does not wait again.
                Assert.Empty(ServiceNameCompleterTests.Complete(s, $"Get-IoTThing -EndpointUrl http://127.0.0.1:{port} -ThingName y"));
                Assert.Equal(1, Volatile.Read(ref accepted));
            }
            finally
            {
                listener.Stop();
                foreach (var c in held) c.Dispose();
                await accept;
            }
        }
    }
}
