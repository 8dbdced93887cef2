using System.Text;
using IoTJobs.Client;

namespace IoTJobs.PowerShell.Tests.Input
{
    /// <summary>
    /// The bad-input table of issue 6: every row is one invalid input, the ErrorId it must produce and words the message
    /// must contain (the value or the parameter, and what would be valid). No row may send a request, hang or crash, and
    /// the emulator's executions stay QUEUED.
    /// </summary>
    public sealed class BadInputTests : IClassFixture<EmulatorFixture>
    {
        private const string Job = "badinput-job";
        private readonly EmulatorFixture _fx;

        public BadInputTests(EmulatorFixture fx)
        {
            _fx = fx;
            try { _fx.Emulator.Store.DescribeJobExecution("bi-good-1", Job); }
            catch (EmulatorApiException) { _fx.Emulator.Store.Seed(Job, new[] { "bi-good-1", "bi-good-2" }); }
        }

        // A bound on each run, so one that hangs fails the test instead of stopping the suite (not a measure of speed).
        private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

        /// <summary>Signed API requests of every operation the emulator has received.</summary>
        private static long Sent(EmulatorHost emulator) => Operations.All.Sum(emulator.RequestCount);

        // One runspace for the table (opening one per row costs more than the rows): the defaults are set afresh per row.
        private static PowerShellSession? _shared;
        private static string? _sharedFor;

        private PowerShellSession Shared()
        {
            lock (typeof(BadInputTests))
            {
                if (_shared == null || _sharedFor != _fx.Endpoint)
                {
                    _shared?.Dispose();
                    _shared = _fx.Open();
                    _sharedFor = _fx.Endpoint;
                }
                _shared.Invoke("$PSDefaultParameterValues.Clear();" +
                               "$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = $args[0];" +
                               "$PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test';" +
                               "$PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test';" +
                               "$PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'", _fx.Endpoint);
                return _shared;
            }
        }

        private static readonly string Long129 = new('a', 129);
        private static readonly string Long65 = new('j', 65);

        /// <summary>case name, script, ErrorId, message fragments separated by '|'.</summary>
        public static TheoryData<string, string, string, string> Cases() => new()
        {
            // Stop-IoTJobExecution checks its names, condition and input itself (same rules and messages as the parameter
            // attributes), so that a bad row is that row's error and never a binding failure (see the cmdlet's remarks).
            { "empty thing name", $"Stop-IoTJobExecution -ThingName '' -JobId {Job} -Confirm:$false", "InvalidThingName", "ThingName|empty|1 to 128 characters" },
            { "thing name of 129 characters", $"Stop-IoTJobExecution -ThingName '{Long129}' -JobId {Job} -Confirm:$false", "InvalidThingName", "129 characters|1 to 128 characters" },
            { "thing name with a space", $"Stop-IoTJobExecution -ThingName 'bad name' -JobId {Job} -Confirm:$false", "InvalidThingName", "'bad name'|is not a valid thing name|colon" },
            { "thing name with a slash", $"Get-IoTJobExecution -ThingName 'a/b' -JobId {Job}", "ParameterArgumentValidationError", "'a/b'|thing name" },
            { "thing name with a non-ASCII letter", "Get-IoTThing -ThingName 'th\u00efng'", "ParameterArgumentValidationError", "thing name|a-z, A-Z, 0-9" },
            { "empty job id", "Stop-IoTJobExecution -ThingName bi-good-1 -JobId '' -Confirm:$false", "InvalidJobId", "JobId|job id is empty|1 to 64 characters" },
            { "job id of 65 characters", $"Get-IoTJob -JobId '{Long65}'", "ParameterArgumentValidationError", "65 characters|1 to 64 characters" },
            { "job id with a dot", "Stop-IoTJobExecution -ThingName bi-good-1 -JobId 'job.1' -Confirm:$false", "InvalidJobId", "'job.1'|is not a valid job id" },
            { "job id with a colon", "Get-IoTJobExecution -ThingName bi-good-1 -JobId 'job:1'", "ParameterArgumentValidationError", "'job:1'|underscore (_) and hyphen (-)" },
            { "job ARN given as a thing name", $"Stop-IoTJobExecution -ThingName 'arn:aws:iot:us-east-1:123456789012:job/{Job}' -JobId {Job} -Confirm:$false", "InvalidThingName", "ThingName|job ARN|thing" },
            { "thing ARN given as a job id", "Stop-IoTJobExecution -ThingName bi-good-1 -JobId 'arn:aws:iot:us-east-1:123456789012:thing/bi-good-1' -Confirm:$false", "InvalidJobId", "JobId|thing ARN|job" },
            { "S3 ARN given as a thing name", "Get-IoTThing -ThingName 'arn:aws:s3:::bucket/key'", "ParameterArgumentTransformationError", "arn:aws:s3:::bucket/key|not an AWS IoT ARN" },
            { "thing group ARN given as a thing name", "Get-IoTThing -ThingName 'arn:aws:iot:us-east-1:123456789012:thinggroup/g1'", "ParameterArgumentTransformationError", "thinggroup|thing" },
            { "$null piped", $"$null | Stop-IoTJobExecution -JobId {Job} -Confirm:$false", "MissingThingName", "$null|names no thing" },
            { "object without names piped to Stop", "[pscustomobject]@{ Foo = 1 } | Stop-IoTJobExecution -Confirm:$false", "MissingThingName", "@{Foo=1}|no ThingName or ThingArn property|its properties: Foo" },
            { "CSV row with other headers piped to Stop", "'Thing,Job','dev-1,fw' | ConvertFrom-Csv | Stop-IoTJobExecution -Confirm:$false", "MissingThingName", "@{Thing=dev-1; Job=fw}|its properties: Thing, Job|Import-Csv -Header ThingName,JobId" },
            { "hashtable without the execution's keys piped to Stop", "@{ Thing = 'dev-1'; Job = 'fw' } | Stop-IoTJobExecution -Confirm:$false", "MissingThingName", "hashtable|[pscustomobject]@{" },
            { "piped ExpectedVersion that is not a number", $"[pscustomobject]@{{ ThingName = 'bi-good-1'; JobId = '{Job}'; ExpectedVersion = 'v7' }} | Stop-IoTJobExecution -Force -Confirm:$false", "InvalidExpectedVersion", "'v7'|whole number" },
            { "object without names piped to Get", "[pscustomobject]@{ Foo = 1 } | Get-IoTJobExecution", "MissingThingNameOrJobId", "@{Foo=1}|no ThingName, ThingArn, JobId or JobArn" },
            { "status details with 11 pairs", $"$m = @{{}}; 1..11 | % {{ $m[\"k$_\"] = 'v' }}; Stop-IoTJobExecution -ThingName bi-good-1 -JobId {Job} -StatusDetails $m -Confirm:$false", "ParameterArgumentValidationError", "11 pairs|at most 10" },
            { "status details key with a space", $"Stop-IoTJobExecution -ThingName bi-good-1 -JobId {Job} -StatusDetails @{{ 'bad key' = 'v' }} -Confirm:$false", "ParameterArgumentValidationError", "'bad key'|1 to 128 characters" },
            { "status details key of 129 characters", $"Stop-IoTJobExecution -ThingName bi-good-1 -JobId {Job} -StatusDetails @{{ '{Long129}' = 'v' }} -Confirm:$false", "ParameterArgumentValidationError", "129 characters|A key has" },
            { "status details empty value", $"Stop-IoTJobExecution -ThingName bi-good-1 -JobId {Job} -StatusDetails @{{ k = '' }} -Confirm:$false", "ParameterArgumentValidationError", "key 'k'|1 to 1024 characters" },
            { "status details value with a newline", $"Stop-IoTJobExecution -ThingName bi-good-1 -JobId {Job} -StatusDetails @{{ k = \"a`nb\" }} -Confirm:$false", "ParameterArgumentValidationError", "\\u000a|control" },
            { "status details value of 1025 characters", $"Stop-IoTJobExecution -ThingName bi-good-1 -JobId {Job} -StatusDetails @{{ k = 'v' * 1025 }} -Confirm:$false", "ParameterArgumentValidationError", "1025 characters|1 to 1024" },
            { "status details value that is a list", $"Stop-IoTJobExecution -ThingName bi-good-1 -JobId {Job} -StatusDetails @{{ k = @(1, 2) }} -Confirm:$false", "ParameterArgumentValidationError", "key 'k'|must be text" },
            { "negative -ExpectedVersion", $"Stop-IoTJobExecution -ThingName bi-good-1 -JobId {Job} -ExpectedVersion -1 -Confirm:$false", "InvalidExpectedVersion", "-ExpectedVersion|'-1'|whole number from 0" },
            { "-ThrottleLimit 0", $"Stop-IoTJobExecution -ThingName bi-good-1 -JobId {Job} -ThrottleLimit 0 -Confirm:$false", "ParameterArgumentValidationError", "ThrottleLimit|0" },
            { "malformed -Region", $"Get-IoTJob -JobId {Job} -Region 'US_EAST'", "ParameterArgumentValidationError", "'US_EAST'|not an AWS region name|us-east-1" },
            { "piped object with a malformed Region", $"[pscustomobject]@{{ JobId = '{Job}'; Region = 'mars' }} | Get-IoTJob", "InvalidRegion", "'mars'|region name" },
            { "-EndpointUrl 'not a url'", $"Get-IoTJob -JobId {Job} -EndpointUrl 'not a url'", "InvalidClientConfiguration", "'not a url'|-EndpointUrl|http://" },
            { "-EndpointUrl ftp://x", $"Get-IoTJob -JobId {Job} -EndpointUrl 'ftp://x'", "InvalidClientConfiguration", "'ftp://x'|http:// or https://" },
            { "-EndpointUrl with a query", $"Get-IoTJob -JobId {Job} -EndpointUrl 'http://127.0.0.1:1/?a=b'", "InvalidClientConfiguration", "'http://127.0.0.1:1/?a=b'|no query" },
            { "-PageSize 0", $"Get-IoTJobExecution -JobId {Job} -PageSize 0", "ParameterArgumentValidationError", "PageSize|minimum allowed range of 1" },
            { "-PageSize 251", $"Get-IoTJobExecution -JobId {Job} -PageSize 251", "ParameterArgumentValidationError", "PageSize|maximum allowed range of 250" },
            { "-Status Unknown", $"Get-IoTJobExecution -JobId {Job} -Status Unknown", "InvalidStatus", "Unknown|QUEUED, IN_PROGRESS" },
            { "-Status not a status", $"Get-IoTJobExecution -JobId {Job} -Status PAUSED", "CannotConvertArgumentNoMessage", "\"PAUSED\"|QUEUED, IN_PROGRESS" },
            { "-ExecutionNumber without a thing", $"Get-IoTJobExecution -JobId {Job} -ExecutionNumber 1", "ExecutionNumberNeedsThingAndJob", "-ExecutionNumber|-ThingName and -JobId" },
            { "-NamespaceId with a space", "Get-IoTJobExecution -ThingName bi-good-1 -NamespaceId 'a b'", "ParameterArgumentValidationError", "'a b'|namespace id" },
            { "access key without a secret key", $"$PSDefaultParameterValues.Remove('*-IoT*:SecretKey'); Get-IoTJob -JobId {Job} -AccessKey AKIDONLY", "InvalidClientConfiguration", "'AKIDONLY'|without a secret key|-SecretKey" },
            { "session token without keys", $"$PSDefaultParameterValues.Remove('*-IoT*:SecretKey'); $PSDefaultParameterValues.Remove('*-IoT*:AccessKey'); Get-IoTJob -JobId {Job} -SessionToken tok", "InvalidClientConfiguration", "session token|-AccessKey and -SecretKey" },
            { "profile that does not exist", $"$PSDefaultParameterValues.Remove('*-IoT*:SecretKey'); $PSDefaultParameterValues.Remove('*-IoT*:AccessKey'); Get-IoTJob -JobId {Job} -ProfileName no-such-profile", "InvalidClientConfiguration", "'no-such-profile'|not found" },
            { "empty -ProfileName", $"Get-IoTJob -JobId {Job} -ProfileName ''", "ParameterArgumentValidationError", "ProfileName" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Bad_input_gives_a_clear_error_before_any_request(string caseName, string script, string errorId, string mentions)
        {
            var s = Shared();
            long before = Sent(_fx.Emulator);
            var output = s.InvokeWithin(NoHang, "try { " + script + " } catch { $_ }");

            var errors = output.Select(o => o.BaseObject).OfType<ErrorRecord>().Concat(s.Errors).ToList();
            var error = Assert.Single(errors);
            Assert.True(error.FullyQualifiedErrorId.StartsWith(errorId + ",", StringComparison.Ordinal),
                $"{caseName}: expected {errorId}, got {error.FullyQualifiedErrorId}: {error.Exception.Message}");
            foreach (var m in mentions.Split('|'))
                Assert.True(error.Exception.Message.Contains(m, StringComparison.Ordinal), $"{caseName}: message lacks '{m}': {error.Exception.Message}");
            Assert.DoesNotContain(output, o => o.BaseObject is JobExecution);
            Assert.Equal(before, Sent(_fx.Emulator)); // no request of any operation, so no retry and no wait for one
            Assert.Equal("QUEUED", _fx.Emulator.Store.DescribeJobExecution("bi-good-1", Job).Status);
        }

        [Fact]
        public void Bad_items_in_a_piped_batch_fail_alone_and_the_rest_proceeds()
        {
            var (job, things) = StopTestSupport.Seed(_fx.Emulator, 2);
            using var s = _fx.Open();
            var output = s.Invoke("$args[0], 'bad name', ('x' * 200), $args[1] | Stop-IoTJobExecution -JobId $args[2] -Confirm:$false",
                things[0], things[1], job);
            Assert.Equal(things, output.Select(o => ((JobExecution)o.BaseObject).ThingName).OrderBy(n => n));
            Assert.Equal(2, s.Errors.Count);
            Assert.All(s.Errors, e => Assert.StartsWith("InvalidPipedName,", e.FullyQualifiedErrorId));
            Assert.Contains(s.Errors, e => e.Exception.Message.Contains("'bad name'"));
            Assert.Contains(s.Errors, e => e.Exception.Message.Contains("200 characters"));
            Assert.All(things, t => Assert.Equal("CANCELED", StopTestSupport.State(_fx.Emulator, t, job).Status));
        }

        [Fact]
        public async Task Unknown_region_against_the_emulator_is_a_clear_error_naming_the_region_and_the_rest_is_not_sent()
        {
            // Through a proxy that drops nothing, to count the requests the emulator refuses before it counts them.
            await using var proxy = ResponseDroppingProxy.Start(_fx.Emulator.BaseAddress, 0, _ => false);
            using var s = _fx.OpenAt(proxy.Endpoint);
            var output = s.InvokeWithin(NoHang, $"'bi-good-1', 'bi-good-2' | Stop-IoTJobExecution -JobId {Job} -Region xx-nowhere-9 -Confirm:$false; 'not stopped'");
            Assert.Equal("not stopped", Assert.Single(output).BaseObject);
            Assert.Equal(2, s.Errors.Count);
            Assert.All(s.Errors, e => Assert.StartsWith("AccessDenied,", e.FullyQualifiedErrorId));
            Assert.Contains("xx-nowhere-9", s.Errors[0].Exception.Message);
            Assert.Contains("region", s.Errors[0].Exception.Message);
            Assert.Contains("Not sent", s.Errors[1].Exception.Message);
            Assert.Equal(1, proxy.Requests); // the first item's, refused once and not retried; the second never sent
            Assert.Equal("QUEUED", _fx.Emulator.Store.DescribeJobExecution("bi-good-2", Job).Status);
        }

        [Fact]
        public void Unknown_region_without_an_endpoint_resolves_to_its_https_endpoint_without_any_request()
        {
            // No request is made here (resolution only): the machine's DNS is never asked about an unknown region.
            var settings = ClientSettingsResolver.Resolve(new ClientOptions { Region = "xx-nowhere-9", AccessKey = "AKID", SecretKey = "secret-key-x" });
            Assert.Equal("https://iot.xx-nowhere-9.amazonaws.com/", settings.Endpoint.ToString());
            Assert.Equal("default for region", settings.EndpointSource);
        }

        [Fact]
        public void Closed_port_is_a_quick_connection_error_naming_the_endpoint_and_each_item_gets_one()
        {
            using var s = _fx.Open();
            var output = s.InvokeWithin(NoHang, $"'bi-good-1', 'bi-good-2' | Stop-IoTJobExecution -JobId {Job} -EndpointUrl http://127.0.0.1:1 -Confirm:$false");
            Assert.Empty(output);
            Assert.Equal(2, s.Errors.Count);
            Assert.All(s.Errors, e =>
            {
                Assert.Equal(ErrorCategory.ConnectionError, e.CategoryInfo.Category);
                Assert.Contains("127.0.0.1:1", e.Exception.Message);
                Assert.Contains("ConnectionFailure", e.Exception.Message);
                // Refused at once, never waited out: no attempt timed out, and the retries stopped at the client's limit.
                Assert.DoesNotContain("RequestTimeout", e.Exception.ToString());
                Assert.InRange(Assert.IsType<IoTServiceException>(e.Exception.InnerException).Attempts, 1, 3);
            });
        }

        // ---------------------------------------------------------------- a server that answers badly

        // Every answer carries a request id, as a service's does.
        private static readonly (string, string) RequestId = ("x-amzn-RequestId", "scripted");

        /// <summary>The things whose execution of j1 each request described, in order.</summary>
        private static IEnumerable<string> Described(ScriptedServer server) =>
            server.Requests.Select(r => r.RawPath.Split('/')[2]);

        private static string Summary(string thing, string status) =>
            $"{{\"thingArn\":\"arn:aws:iot:us-east-1:123456789012:thing/{thing}\",\"jobExecutionSummary\":{{\"status\":\"{status}\",\"executionNumber\":1}}}}";

        public static TheoryData<string, int, string, string> BrokenAnswers() => new()
        {
            { "HTML page with 200", 200, "text/html", "<html><body>Welcome to nginx!</body></html>" },
            { "truncated JSON", 200, "application/json", "{\"execution\":{\"jobId\":\"j\",\"stat" },
            { "empty body", 200, "application/json", "" },
            { "JSON array instead of an object", 200, "application/json", "[1,2,3]" },
            { "HTML error page with 404", 404, "text/html", "<html><body>Not Found</body></html>" },
            { "HTML error page with 403", 403, "text/html", "<html><body>Forbidden</body></html>" },
        };

        [Theory]
        [MemberData(nameof(BrokenAnswers))]
        public async Task A_server_answering_garbage_gives_a_clear_error_per_item_and_the_batch_goes_on(string caseName, int status, string type, string body)
        {
            await using var server = ScriptedServer.Start((r, _) =>
                r.Target.Contains("/things/good", StringComparison.Ordinal)
                    ? Reply.Json(200, "{\"execution\":{\"jobId\":\"j1\",\"status\":\"QUEUED\",\"versionNumber\":1}}", RequestId)
                    : Reply.Raw(status, type, body, RequestId));
            using var s = _fx.OpenAt(server.Endpoint);
            var output = s.InvokeWithin(NoHang, "try { 'good-1', 'broken', 'good-2' | Get-IoTJobExecution -JobId j1 } catch { $_ }");

            if (status == 403)
            {
                // Access denied is that item's error, and the rest of that region's items are not sent (they would fail
                // alike): each still gets its own AccessDenied error, nothing is terminating.
                Assert.DoesNotContain(output, o => o.BaseObject is ErrorRecord);
                Assert.Equal(2, s.Errors.Count);
                Assert.All(s.Errors, e => Assert.StartsWith("AccessDenied,", e.FullyQualifiedErrorId));
                Assert.Contains("403", s.Errors[0].Exception.Message);
                Assert.Contains("Not sent", s.Errors[1].Exception.Message);
                Assert.Equal("good-1", Assert.Single(output.Select(o => o.BaseObject).OfType<JobExecution>()).ThingName);
                Assert.Equal(new[] { "good-1", "broken" }, Described(server)); // refused once, not retried; good-2 not sent
                return;
            }
            var results = output.Select(o => o.BaseObject).OfType<JobExecution>().Select(e => e.ThingName).ToList();
            Assert.Equal(new[] { "good-1", "good-2" }, results);
            var error = Assert.Single(s.Errors);
            Assert.Contains("broken", error.Exception.Message + " " + error.TargetObject);
            var text = error.Exception.Message;
            Assert.True(status == 200 ? text.Contains("InvalidResponse") && text.Contains("AWS IoT endpoint") : text.Contains("404") || text.Contains("was found"),
                $"{caseName}: {text}");
            Assert.Equal(new[] { "good-1", "broken", "good-2" }, Described(server)); // each asked once: a broken answer is not retried
        }

        [Fact]
        public async Task Unknown_enum_values_and_missing_fields_are_tolerated()
        {
            await using var server = ScriptedServer.Start((r, _) => r.Target.StartsWith("/jobs/j1/things", StringComparison.Ordinal)
                ? Reply.Json(200, "{\"executionSummaries\":[" + Summary("t-new", "PAUSED_BY_OPERATOR") + ",{\"thingArn\":\"arn:aws:iot:us-east-1:123456789012:thing/t-bare\"},{}],\"somethingNew\":{\"a\":1}}", RequestId)
                : r.Target.StartsWith("/things/t-min/jobs/j1", StringComparison.Ordinal)
                    ? Reply.Json(200, "{\"execution\":{}}", RequestId)
                    : Reply.Json(200, "{\"job\":{\"jobId\":\"j1\",\"status\":\"HALF_DONE\",\"targetSelection\":\"SOMETIMES\"}}", RequestId));
            using var s = _fx.OpenAt(server.Endpoint);

            var listed = s.Invoke("Get-IoTJobExecution -JobId j1").Select(o => (JobExecution)o.BaseObject).ToList();
            Assert.Empty(s.Errors);
            Assert.Equal(3, listed.Count);
            Assert.Equal(JobExecutionStatus.Unknown, listed[0].Status);
            Assert.Equal("PAUSED_BY_OPERATOR", listed[0].StatusText);
            Assert.Equal("t-new", listed[0].ThingName);
            Assert.Null(listed[1].Status);
            Assert.Equal("t-bare", listed[1].ThingName);
            Assert.All(listed, e => Assert.Equal("j1", e.JobId));

            var described = (JobExecution)Assert.Single(s.Invoke("Get-IoTJobExecution -ThingName t-min -JobId j1")).BaseObject;
            Assert.Empty(s.Errors);
            Assert.Equal(("t-min", "j1"), (described.ThingName, described.JobId));
            Assert.Null(described.VersionNumber);

            var job = Assert.Single(s.Invoke("Get-IoTJob -JobId j1")).BaseObject;
            Assert.Empty(s.Errors);
            Assert.Equal("HALF_DONE", job.GetType().GetProperty("StatusText")!.GetValue(job));
        }

        [Fact]
        public async Task A_huge_page_is_streamed_in_full()
        {
            const int n = 20_000;
            var sb = new StringBuilder("{\"executionSummaries\":[");
            for (int i = 0; i < n; i++) sb.Append(i == 0 ? "" : ",").Append(Summary($"huge-{i}", "QUEUED"));
            var page = sb.Append("]}").ToString();
            await using var server = ScriptedServer.Start(Reply.Json(200, page, RequestId));
            using var s = _fx.OpenAt(server.Endpoint);
            var names = s.InvokeWithin(NoHang, "Get-IoTJobExecution -JobId j1 | ForEach-Object ThingName");
            Assert.Empty(s.Errors);
            // Every summary, once and in page order, from one request. (How fast a long list streams is the benchmark's
            // to measure: tests/bench/Measure-ListMemory.ps1.)
            Assert.Equal(Enumerable.Range(0, n).Select(i => $"huge-{i}"), names.Select(o => o.BaseObject.ToString()));
            Assert.Equal(1, server.Count);
        }

        [Fact]
        public async Task A_server_that_drops_every_connection_fails_each_item_after_the_retries_and_does_not_hang()
        {
            await using var server = ScriptedServer.Start(Reply.Drop());
            using var s = _fx.OpenAt(server.Endpoint);
            var output = s.InvokeWithin(NoHang, "'a', 'b' | Stop-IoTJobExecution -JobId j1 -Confirm:$false");
            Assert.Empty(output);
            Assert.Equal(2, s.Errors.Count);
            Assert.All(s.Errors, e => Assert.Contains("ConnectionFailure", e.Exception.Message));
            // Bounded: each item tries its cancel the client's 3 times, then reads its state back (4 reads of 3 attempts
            // each) before calling the outcome unknown, and nothing is sent after that.
            foreach (var thing in new[] { "a", "b" })
            {
                Assert.Equal(3, server.Requests.Count(r => r.Method == "PUT" && r.RawPath == $"/things/{thing}/jobs/j1/cancel"));
                Assert.Equal(12, server.Requests.Count(r => r.Method == "GET" && r.RawPath == $"/things/{thing}/jobs/j1"));
            }
            Assert.Equal(30, server.Count);
        }
    }
}
