using System.Text;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>One emulator process per test class, with the distinctive secret; its stdout/stderr (the request log) collected as it comes.</summary>
    public sealed class SecretEmulatorFixture : IAsyncLifetime
    {
        public const string AccessKey = "AKIDSECURITYTEST";
        // Distinctive values: any appearance in a scanned text is a leak, never a coincidence.
        public static readonly string Secret = "S3cr3t-" + Guid.NewGuid().ToString("N") + "-x9Q2";
        public static readonly string Token = "T0k3n-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

        private EmulatorProcess _process = null!;

        public string Endpoint => _process.Endpoint;

        public string Log => _process.Log;

        public async Task InitializeAsync()
        {
            // A separate process, so its --log-requests output (stdout) is this class's alone.
            _process = await EmulatorProcess.StartAsync("--log-requests", "--access-key", AccessKey, "--secret-key", Secret,
                "--rate-limit", "CancelJobExecution=5", "--rate-limit-burst", "1");
        }

        public void Seed(string job, string[] things)
        {
            using var http = new System.Net.Http.HttpClient { BaseAddress = _process.BaseAddress };
            var body = System.Text.Json.JsonSerializer.Serialize(new { jobId = job, thingNames = things });
            using var r = http.PostAsync("_emulator/seed", new System.Net.Http.StringContent(body, Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
            r.EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync() => await _process.DisposeAsync();
    }

    /// <summary>
    /// No secret anywhere a user or a log can see it: every stream of every cmdlet (-Verbose, debug and information
    /// included), every error record with its whole exception chain, and the emulator's own request log, across
    /// successes, service errors, refused signatures, dropped connections and configuration errors. And the plain-http
    /// warning: given only when the endpoint is not on this machine.
    /// </summary>
    public sealed class IoTJobsCmdletSecurityTests : IClassFixture<EmulatorFixture>, IClassFixture<SecretEmulatorFixture>
    {
        private static string Secret => SecretEmulatorFixture.Secret;
        private static string Token => SecretEmulatorFixture.Token;
        private const string AccessKey = SecretEmulatorFixture.AccessKey;

        private readonly EmulatorFixture _fx;
        private readonly SecretEmulatorFixture _sec;
        private string _endpoint => _sec.Endpoint;

        public IoTJobsCmdletSecurityTests(EmulatorFixture fx, SecretEmulatorFixture sec)
        {
            _fx = fx;
            _sec = sec;
        }

        private static void AssertNoSecret(string where, string text)
        {
            foreach (var s in new[] { Secret, Token, Uri.EscapeDataString(Secret), Secret.Substring(7, 16), Token.Substring(6, 16) })
                Assert.False(text.Contains(s, StringComparison.Ordinal), $"secret material found in {where}: ...{Excerpt(text, s)}...");
            Assert.DoesNotMatch("Signature=[0-9a-f]{64}", text);
        }

        private static string Excerpt(string text, string s)
        {
            int i = text.IndexOf(s, StringComparison.Ordinal);
            return text.Substring(Math.Max(0, i - 80), Math.Min(160, text.Length - Math.Max(0, i - 80))).Replace(s, "<SECRET>");
        }

        /// <summary>Everything PowerShell keeps of one invocation: output, each stream, error records and their exception chains.</summary>
        private static string Everything(System.Management.Automation.PowerShell ps, IEnumerable<PSObject> output)
        {
            var sb = new StringBuilder();
            foreach (var o in output)
            {
                sb.AppendLine(o?.ToString());
                if (o?.BaseObject is ErrorRecord er) AppendError(sb, er);
                else if (o != null) foreach (var p in o.Properties) { try { sb.Append(p.Name).Append('=').AppendLine(p.Value?.ToString()); } catch { } }
            }
            foreach (var e in ps.Streams.Error) AppendError(sb, e);
            foreach (var v in ps.Streams.Verbose) sb.AppendLine(v.Message);
            foreach (var w in ps.Streams.Warning) sb.AppendLine(w.Message);
            foreach (var d in ps.Streams.Debug) sb.AppendLine(d.Message);
            foreach (var i in ps.Streams.Information) sb.AppendLine(i.MessageData?.ToString());
            return sb.ToString();
        }

        private static void AppendError(StringBuilder sb, ErrorRecord e)
        {
            sb.AppendLine(e.ToString()).AppendLine(e.FullyQualifiedErrorId).AppendLine(e.ErrorDetails?.Message).AppendLine(e.ErrorDetails?.RecommendedAction)
              .AppendLine(e.CategoryInfo.ToString()).AppendLine(e.TargetObject?.ToString()).AppendLine(e.ScriptStackTrace);
            for (Exception? x = e.Exception; x != null; x = x.InnerException)
            {
                sb.AppendLine(x.ToString());
                foreach (System.Collections.DictionaryEntry d in x.Data) sb.AppendLine($"{d.Key}={d.Value}");
                foreach (var p in x.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
                {
                    try { sb.Append(p.Name).Append('=').AppendLine(p.GetValue(x)?.ToString()); } catch { }
                }
            }
        }

        public static TheoryData<string, string> Scenarios() => new()
        {
            { "successful cancel pipeline", "Get-IoTJobExecution -JobId $job -Status QUEUED -Verbose | Select-Object -First 1 | Stop-IoTJobExecution -Confirm:$false -Verbose" },
            { "describe, job and thing", "Get-IoTJobExecution -ThingName $things[1] -JobId $job -Verbose; Get-IoTJob -JobId $job -Verbose; Get-IoTThing -ThingName $things[1] -Verbose" },
            { "not found errors", "Get-IoTJob -JobId no-such-job -Verbose; Get-IoTThing -ThingName no-such-thing -Verbose; Stop-IoTJobExecution -ThingName no-such -JobId $job -Confirm:$false -Verbose" },
            { "throttled cancels", "$things | Stop-IoTJobExecution -JobId $job -Confirm:$false -Verbose" },
            { "refused signature (wrong secret with the session token)", "try { Get-IoTJob -JobId $job -SecretKey ('wrong' + $secret) -Verbose } catch { $_ }" },
            { "wrong access key", "try { Get-IoTJob -JobId $job -AccessKey AKIDWRONG -Verbose } catch { $_ }" },
            { "closed port", "Stop-IoTJobExecution -ThingName $things[2] -JobId $job -EndpointUrl http://127.0.0.1:1 -Confirm:$false -Verbose" },
            { "bad endpoint configuration", "try { Get-IoTJob -JobId $job -EndpointUrl 'not a url' -Verbose } catch { $_ }" },
            { "access key without secret", "$PSDefaultParameterValues.Remove('*-IoT*:SecretKey'); try { Get-IoTJob -JobId $job -Verbose } catch { $_ }" },
            { "credential hashtable", "Get-IoTJob -JobId $job -Credential @{ AccessKey = $PSDefaultParameterValues['*-IoT*:AccessKey']; SecretKey = $secret; SessionToken = $token } -Verbose" },
        };

        [Theory]
        [MemberData(nameof(Scenarios))]
        public void No_stream_error_record_or_exception_chain_contains_the_secret_or_token(string scenario, string script)
        {
            var (job, things) = StopTestSupport.Names(3, "sec");
            _sec.Seed(job, things);
            using var s = _fx.Open();
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]; $PSDefaultParameterValues['*-IoT*:AccessKey'] = $args[1];" +
                     "$PSDefaultParameterValues['*-IoT*:SecretKey'] = $args[2]; $PSDefaultParameterValues['*-IoT*:SessionToken'] = $args[3];" +
                     "$global:secret = $args[2]; $global:token = $args[3]; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'",
                _endpoint, AccessKey, Secret, Token);
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = s.Runspace;
            ps.AddScript("param($job, $things) " + script).AddArgument(job).AddArgument(things);
            var output = ps.Invoke();
            var text = Everything(ps, output);
            Assert.True(text.Length > 0, scenario);
            AssertNoSecret(scenario, text);
            // $Error keeps every error of the session, terminating ones included.
            var all = s.Invoke("$Error | ForEach-Object { $_.ToString(); $_.Exception.ToString(); $_.InvocationInfo.PositionMessage }");
            AssertNoSecret(scenario + " ($Error)", string.Join("\n", all.Select(o => o?.ToString())));
        }

        [Fact]
        public async Task The_emulator_request_log_never_contains_the_secret_token_or_signature()
        {
            var (job, things) = StopTestSupport.Names(2, "seclog");
            _sec.Seed(job, things);
            using var s = _fx.Open();
            s.Invoke("$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0]; $PSDefaultParameterValues['*-IoT*:AccessKey'] = $args[1];" +
                     "$PSDefaultParameterValues['*-IoT*:SecretKey'] = $args[2]; $PSDefaultParameterValues['*-IoT*:SessionToken'] = $args[3]",
                _endpoint, AccessKey, Secret, Token);
            var output = s.Invoke("$args[0] | Stop-IoTJobExecution -JobId $args[1] -Confirm:$false; Get-IoTJob -JobId $args[1] -SecretKey wrong-secret-1234567890 -ErrorAction SilentlyContinue", things, job);
            Assert.NotEmpty(output);
            await Task.Delay(300); // the log line is written when the response completes
            var log = _sec.Log;
            Assert.Contains("CancelJobExecution", log); // the log did record the requests
            Assert.Contains(" 403 ", log);
            AssertNoSecret("emulator log", log);
            Assert.DoesNotContain("wrong-secret-1234567890", log);
            Assert.DoesNotContain("AWS4-HMAC-SHA256", log);
        }

        // ---------------------------------------------------------------- plain http

        [Theory]
        [InlineData("http://127.0.0.1:1", false)]
        [InlineData("http://127.0.0.2:1", false)]
        [InlineData("http://localhost:1", false)]
        [InlineData("http://[::1]:1", false)]
        [InlineData("https://iot.example.com", false)]
        [InlineData("http://iot.example.com", true)]
        [InlineData("http://10.20.30.40:8080", true)]
        [InlineData("http://localhost.localdomain:1", true)]
        public void Plain_http_off_this_machine_is_warned_about_and_loopback_is_not(string endpoint, bool warned)
        {
            // -WhatIf resolves the client (where the warning is given) but sends nothing: no traffic leaves the machine.
            using var s = _fx.Open();
            long before = _fx.Emulator.RequestCount("CancelJobExecution");
            var output = s.Invoke("Stop-IoTJobExecution -ThingName t1 -JobId j1 -EndpointUrl $args[0] -WhatIf", endpoint);
            Assert.Empty(s.Errors);
            Assert.Empty(output);
            var warning = s.Warnings.Where(w => w.Contains("plain http", StringComparison.Ordinal)).ToList();
            if (warned)
            {
                var w = Assert.Single(warning);
                Assert.Contains(new Uri(endpoint).Host, w);
                Assert.Contains("unencrypted", w);
            }
            else Assert.Empty(warning);
            Assert.Equal(before, _fx.Emulator.RequestCount("CancelJobExecution"));
        }

        [Fact]
        public void The_emulator_endpoint_used_by_the_suite_gets_no_warning_and_works()
        {
            var (job, things) = StopTestSupport.Seed(_fx.Emulator, 1);
            using var s = _fx.Open();
            var output = s.Invoke("Stop-IoTJobExecution -ThingName $args[0] -JobId $args[1] -Confirm:$false", things[0], job);
            Assert.Single(output);
            Assert.Empty(s.Warnings);
        }

    }
}
