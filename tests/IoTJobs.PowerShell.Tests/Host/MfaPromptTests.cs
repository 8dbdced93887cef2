using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IoTJobs.PowerShell.Tests.Host
{
    /// <summary>
    /// The MFA prompt of a role profile with mfa_serial, through a host that answers (AnsweringHost) and one that cannot:
    /// asked once through Host.UI.Prompt for a whole session, the code reaches STS (a fake one on loopback, named by
    /// AWS_ENDPOINT_URL_STS), and the role's keys list the emulator's executions. The terminal (tmux), -NonInteractive,
    /// redirected-stdin and bare-runspace forms are rows of tests/pester/Credentials.Tests.ps1.
    /// The shared files and STS endpoint are process-wide variables, hence the non-parallel collection.
    /// </summary>
    [Collection("ProcessEnvironment")]
    public sealed class MfaPromptTests : IClassFixture<EmulatorFixture>, IDisposable
    {
        private readonly EmulatorFixture _fixture;
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "iotjobs-mfa-" + Guid.NewGuid().ToString("N"));
        private readonly Dictionary<string, string?> _saved = new();
        private readonly FakeSts _sts = new();

        public MfaPromptTests(EmulatorFixture fixture)
        {
            _fixture = fixture;
            Directory.CreateDirectory(_dir);
            // The emulator accepts access key "test": the fake STS hands exactly that out, so only the assumed role signs.
            File.WriteAllText(Path.Combine(_dir, "config"),
                "[profile mfa-host]\nrole_arn = arn:aws:iam::111111111111:role/Guarded\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/frank\n" +
                "[profile mfa-runbook]\nrole_arn = arn:aws:iam::111111111111:role/Runbook\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/grace\n");
            File.WriteAllText(Path.Combine(_dir, "credentials"), "[base]\naws_access_key_id = AKIDBASE00000009\naws_secret_access_key = base-secret-key-000000009\n");
            Set("AWS_CONFIG_FILE", Path.Combine(_dir, "config"));
            Set("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_dir, "credentials"));
            Set("AWS_ENDPOINT_URL_STS", _sts.Endpoint);
        }

        private void Set(string name, string value)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose()
        {
            foreach (var (k, v) in _saved) Environment.SetEnvironmentVariable(k, v);
            _sts.Dispose();
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        // The fixture's runspace signs with explicit test keys; these tests sign with the profile instead.
        private PowerShellSession OpenWithProfileOnly(AnsweringHost host)
        {
            var session = _fixture.Open(host);
            session.Invoke("$PSDefaultParameterValues.Remove('*-IoT*:AccessKey'); $PSDefaultParameterValues.Remove('*-IoT*:SecretKey')");
            return session;
        }

        [Fact]
        public void AHostThatAnswers_IsAskedOnceForTheSession_AndTheCodeReachesSts()
        {
            _fixture.Emulator.Store.Seed("mfa-job", new[] { "mfa-1", "mfa-2" });
            var host = new AnsweringHost(false, "654321");
            using var session = OpenWithProfileOnly(host);

            var listed = session.Invoke("Get-IoTJobExecution -JobId mfa-job -ProfileName mfa-host -Verbose");
            Assert.Empty(session.Errors);
            Assert.Equal(2, listed.Count);
            Assert.Contains(session.Verbose, v => v.Contains("MFA device arn:aws:iam::123456789012:mfa/frank, code asked once"));
            var canceled = session.Invoke("Stop-IoTJobExecution -JobId mfa-job -ThingName mfa-1 -ProfileName mfa-host -Confirm:$false; Get-IoTJob -JobId mfa-job -ProfileName mfa-host");
            Assert.Empty(session.Errors);
            Assert.Equal(2, canceled.Count);
            Assert.Equal("CANCELED", _fixture.Emulator.Store.DescribeJobExecution("mfa-1", "mfa-job").Status);

            var prompt = Assert.Single(host.Prompts);
            Assert.Equal("MFA code for profile 'mfa-host'", prompt.Caption);
            Assert.Contains("arn:aws:iam::123456789012:mfa/frank", prompt.Message);
            Assert.Equal(new[] { "Code" }, prompt.Choices);
            var call = Assert.Single(_sts.Calls);
            Assert.Equal("654321", call["TokenCode"]);
            Assert.Equal("arn:aws:iam::123456789012:mfa/frank", call["SerialNumber"]);
            Assert.Equal("arn:aws:iam::111111111111:role/Guarded", call["RoleArn"]);
        }

        [Fact]
        public void AHostThatCannotPrompt_StopsAtOnceNamingTheProfileAndMfaSerial_AndStsIsNotCalled()
        {
            var host = new AnsweringHost(true);
            using var session = OpenWithProfileOnly(host);
            session.Invoke("Get-IoTJob -ProfileName mfa-runbook");
            var error = Assert.Single(session.Errors);
            Assert.Equal("InvalidClientConfiguration,IoTJobs.PowerShell.Cmdlets.GetIoTJobCommand", error.FullyQualifiedErrorId);
            Assert.Contains("The profile 'mfa-runbook' assumes role arn:aws:iam::111111111111:role/Runbook with MFA (mfa_serial arn:aws:iam::123456789012:mfa/grace)", error.Exception.Message);
            Assert.Contains("this host cannot prompt", error.Exception.Message);
            Assert.Single(host.Prompts);
            Assert.DoesNotContain(_sts.Calls, c => c["RoleArn"].EndsWith("/Runbook", StringComparison.Ordinal));
        }

        [Fact]
        public void WhatIf_AsksNothing_AndSendsNothing()
        {
            var host = new AnsweringHost(false);
            using var session = OpenWithProfileOnly(host);
            session.Invoke("Stop-IoTJobExecution -JobId mfa-job -ThingName mfa-2 -ProfileName mfa-runbook -WhatIf");
            Assert.Empty(session.Errors);
            Assert.Empty(host.Prompts);
            Assert.Contains(host.Output, line => line.StartsWith("What if:", StringComparison.Ordinal));
        }

        /// <summary>A fake STS on loopback: AssumeRole answers keys "test"/"test" with a session token; every form is kept.</summary>
        private sealed class FakeSts : IDisposable
        {
            private readonly HttpListener _listener = new();
            private readonly List<Dictionary<string, string>> _calls = new();

            public FakeSts()
            {
                int port;
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                Endpoint = $"http://127.0.0.1:{port}/";
                _listener.Prefixes.Add(Endpoint);
                _listener.Start();
                _ = Task.Run(Serve);
            }

            public string Endpoint { get; }

            public List<Dictionary<string, string>> Calls
            {
                get { lock (_calls) return _calls.ToList(); }
            }

            private async Task Serve()
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try { ctx = await _listener.GetContextAsync(); }
                    catch (Exception) { return; }
                    using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
                    var form = (await reader.ReadToEndAsync()).Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
                        .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : ""));
                    lock (_calls) _calls.Add(form);
                    var xml = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>" +
                              "<AccessKeyId>test</AccessKeyId><SecretAccessKey>test</SecretAccessKey><SessionToken>fake-mfa-session-token</SessionToken>" +
                              $"<Expiration>{DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}</Expiration></Credentials>" +
                              "<AssumedRoleUser><AssumedRoleId>AROAFAKE:s</AssumedRoleId><Arn>arn:aws:sts::111111111111:assumed-role/Guarded/s</Arn></AssumedRoleUser>" +
                              "</AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>";
                    var bytes = Encoding.UTF8.GetBytes(xml);
                    ctx.Response.ContentType = "text/xml";
                    ctx.Response.ContentLength64 = bytes.Length;
                    await ctx.Response.OutputStream.WriteAsync(bytes);
                    ctx.Response.Close();
                }
            }

            public void Dispose()
            {
                try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
            }
        }
    }
}
