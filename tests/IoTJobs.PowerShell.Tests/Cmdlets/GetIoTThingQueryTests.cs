using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using IoTJobs.PowerShell.Tests.Reporting;
using IoTJobs.PowerShell.Tests.Support;
using Xunit;

namespace IoTJobs.PowerShell.Tests.Cmdlets
{
    /// <summary>
    /// Get-IoTThing -Query against a scripted SearchIndex (the client factory hook, so these run alone): what a fleet-index
    /// document becomes, that the results stream as the consumer asks, each error the query can meet, and that piped
    /// input beside -Query never runs the query.
    /// </summary>
    [Collection(nameof(ClientFactoryCollection))]
    public sealed class GetIoTThingQueryTests : IClassFixture<EmulatorFixture>, IDisposable
    {
        private const string Fqid = ",IoTJobs.PowerShell.Cmdlets.GetIoTThingCommand";
        private readonly EmulatorFixture _fx;
        private readonly FakeIoTJobsClient _client = new FakeIoTJobsClient();
        private readonly List<SearchIndexRequest> _requests = new List<SearchIndexRequest>();

        public GetIoTThingQueryTests(EmulatorFixture fx)
        {
            _fx = fx;
            IoTJobsCmdlet.ClientFactoryOverride = _ => _client;
        }

        public void Dispose() => IoTJobsCmdlet.ClientFactoryOverride = null;

        /// <summary>Scripts SearchIndex: records the request, then yields the documents, failing with <paramref name="after"/> once they are out.</summary>
        private void Answer(IEnumerable<ThingDocumentData> documents, IoTServiceException? after = null) =>
            _client.OnSearchIndex = request =>
            {
                _requests.Add(request);
                return Yield(documents, after);
            };

        private static IEnumerable<ThingDocumentData> Yield(IEnumerable<ThingDocumentData> documents, IoTServiceException? after)
        {
            foreach (var d in documents) yield return d;
            if (after != null) throw after;
        }

        private static ThingDocumentData Doc(string name) => new ThingDocumentData { ThingName = name };

        private static IoTServiceException Failure(string code, int status, string message) =>
            new IoTServiceException(code, status, $"SearchIndex failed: {code}: {message}", "req-9") { ServiceMessage = message };

        [Fact]
        public void A_document_becomes_a_Thing_with_what_the_index_holds_and_nothing_invented()
        {
            var changed = new DateTime(2026, 12, 4, 20, 8, 40, 123, DateTimeKind.Utc);
            const string shadow = "{\"desired\":{\"fw\":\"1.2.4\"},\"reported\":{\"fw\":\"1.2.3\",\"battery\":87,\"temp\":21.5,\"ok\":true,\"radio\":{\"rssi\":-71},\"tags\":[\"a\",2]}," +
                                  "\"metadata\":{\"reported\":{\"fw\":{\"timestamp\":1764878920}}},\"version\":3,\"timestamp\":1764878920}";
            Answer(new[]
            {
                new ThingDocumentData
                {
                    ThingName = "sensor-7", ThingId = "4b1c", ThingTypeName = "sensor", ThingGroupNames = new[] { "line-2", "plant-a" },
                    Attributes = new Dictionary<string, string> { ["site"] = "ber", ["floor"] = "3" }, Shadow = shadow, DeviceDefender = "{\"violations\":[]}",
                    Connectivity = new ThingConnectivityData { Connected = false, Timestamp = new DateTimeOffset(changed).ToUnixTimeMilliseconds(), DisconnectReason = "CONNECTION_LOST" },
                },
                Doc("sensor-8"),
            });
            using var s = _fx.Open();
            var output = s.Invoke("Get-IoTThing -Query 'attributes.site:ber' -PageSize 100");
            Assert.Empty(s.Errors);

            var request = Assert.Single(_requests);
            Assert.Equal("attributes.site:ber", request.QueryString);
            Assert.Equal("AWS_Things", request.IndexName);
            Assert.Equal(100, request.PageSize);

            Assert.Equal(Thing.IndexedTypeName, output[0].TypeNames[0]);
            var t = (Thing)output[0].BaseObject;
            Assert.Equal(("sensor-7", "4b1c", "sensor", "us-east-1"), (t.ThingName, t.ThingId, t.ThingTypeName, t.Region));
            Assert.Equal("line-2;plant-a", Assert.IsType<StringList>(t.ThingGroupNames).ToString());
            Assert.Equal("floor=3;site=ber", Assert.IsType<StringMap>(t.Attributes).ToString());
            Assert.False(t.Connected);
            Assert.Equal(changed, t.ConnectivityChangedAt);
            Assert.Equal(DateTimeKind.Utc, t.ConnectivityChangedAt!.Value.Kind);
            Assert.Equal("CONNECTION_LOST", t.DisconnectReason);
            Assert.Equal(shadow, t.Shadow);
            Assert.Equal("{\"violations\":[]}", t.DeviceDefender);
            // The index has no ARN and no version: never built, never guessed.
            Assert.Null(t.ThingArn);
            Assert.Null(t.Version);

            // The parsed states read as ConvertFrom-Json's objects do, in PowerShell.
            var read = s.Invoke("param($t) $r = $t.ShadowReported; $r.fw; $r.battery.GetType().Name; $r.temp; $r.ok; $r.radio.rssi; $r.tags.Count; $t.ShadowDesired.fw; '' + $r", output[0]);
            Assert.Equal(new object[] { "1.2.3", "Int64", 21.5, true, -71L, 2, "1.2.4", "@{fw=1.2.3; battery=87; temp=21.5; ok=True; radio=; tags=System.Object[]}" },
                read.Select(o => o.BaseObject));

            var bare = (Thing)output[1].BaseObject;
            Assert.Equal("sensor-8", bare.ThingName);
            Assert.All(new object?[] { bare.ThingId, bare.ThingTypeName, bare.ThingGroupNames, bare.Attributes, bare.Connected, bare.ConnectivityChangedAt,
                bare.DisconnectReason, bare.Shadow, bare.ShadowReported, bare.ShadowDesired, bare.DeviceDefender, bare.ThingArn, bare.Version }, Assert.Null);
        }

        [Theory]
        [InlineData("{\"state\":{\"reported\":{\"fw\":\"2.0\"}}}", "2.0")]          // GetThingShadow's layout
        [InlineData("{\"reported\":{\"fw\":\"1\",\"FW\":\"2\"}}", null)]            // keys PowerShell's properties cannot tell apart
        [InlineData("{\"reported\":{\"\":\"1\"}}", null)]                             // an empty key
        [InlineData("{\"reported\":{\"n\":{\"fw\":1,\"Fw\":2}}}", null)]              // the same, nested
        [InlineData("{\"reported\":\"1.2.3\"}", null)]                               // not a state object
        [InlineData("not json", null)]
        public void The_parsed_reported_state_is_there_only_when_PowerShell_can_hold_it_and_the_text_always_is(string shadow, string? fw)
        {
            Answer(new[] { new ThingDocumentData { ThingName = "t", Shadow = shadow } });
            using var s = _fx.Open();
            var t = (Thing)Assert.Single(s.Invoke("Get-IoTThing -Query t")).BaseObject;
            Assert.Equal(shadow, t.Shadow);
            if (fw == null) Assert.Null(t.ShadowReported);
            else Assert.Equal(fw, t.ShadowReported!.Properties["fw"].Value);
            Assert.Empty(s.Errors);
        }

        [Fact]
        public void Results_stream_Select_Object_First_reads_no_further()
        {
            int yielded = 0;
            _client.OnSearchIndex = _ => Enumerable.Range(1, 1000).Select(i => { yielded++; return Doc($"t-{i}"); });
            using var s = _fx.Open();
            Assert.Equal(new[] { "t-1", "t-2" }, s.Invoke("Get-IoTThing -Query '*' | Select-Object -First 2 | ForEach-Object ThingName").Select(o => o.ToString()));
            Assert.Equal(2, yielded);
        }

        [Fact]
        public void An_invalid_query_names_the_query_and_the_service_reason()
        {
            Answer(Array.Empty<ThingDocumentData>(), Failure("InvalidQueryException", 400, "Syntax error in query string at position 7"));
            using var s = _fx.Open();
            Assert.Empty(s.Invoke("Get-IoTThing -Query 'thing:('"));
            var err = Assert.Single(s.Errors);
            Assert.Equal("InvalidQuery" + Fqid, err.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, err.CategoryInfo.Category);
            Assert.Equal("thing:(", err.TargetObject);
            Assert.StartsWith("The fleet indexing query 'thing:(' is not valid: the service answered InvalidQueryException: Syntax error in query string at position 7. Correct the query", err.Exception.Message);
            Assert.Contains("https://docs.aws.amazon.com/iot/latest/developerguide/query-syntax.html", err.Exception.Message);
            var ex = Assert.IsType<IoTJobsException>(err.Exception);
            Assert.Equal(("InvalidQueryException", 400, "req-9"), (ex.ErrorCode, ex.StatusCode, ex.RequestId));
        }

        [Theory]
        [InlineData("", "Fleet indexing is off in us-east-1: nothing was searched for 'connectivity.connected:false'. The service answered ResourceNotFoundException: Index AWS_Things does not exist. Please enable index by calling UpdateIndexingConfiguration. Turn on thing indexing")]
        [InlineData("-IndexName my-index", "The index 'my-index' does not exist in us-east-1: nothing was searched for 'connectivity.connected:false'. The service answered ResourceNotFoundException: Index AWS_Things does not exist. Please enable index by calling UpdateIndexingConfiguration. Things are indexed in AWS_Things, the default: leave -IndexName out.")]
        public void Indexing_off_says_how_to_turn_it_on(string index, string start)
        {
            Answer(Array.Empty<ThingDocumentData>(), Failure("ResourceNotFoundException", 404, "Index AWS_Things does not exist. Please enable index by calling UpdateIndexingConfiguration"));
            using var s = _fx.Open();
            s.Invoke($"Get-IoTThing -Query 'connectivity.connected:false' {index}");
            var err = Assert.Single(s.Errors);
            Assert.Equal("IndexNotEnabled" + Fqid, err.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, err.CategoryInfo.Category);
            Assert.StartsWith(start, err.Exception.Message);
            Assert.Contains("UpdateIndexingConfiguration, thing indexing mode REGISTRY (registry fields) or REGISTRY_AND_SHADOW (shadow fields too)", err.Exception.Message);
            Assert.Contains("aws iot update-indexing-configuration --thing-indexing-configuration thingIndexingMode=REGISTRY_AND_SHADOW,thingConnectivityIndexingMode=STATUS --region us-east-1.", err.Exception.Message);
            Assert.Contains("On AWS the index then takes a while to build", err.Exception.Message);
            Assert.Equal(index == "" ? "AWS_Things" : "my-index", _requests.Single().IndexName);
        }

        [Fact]
        public void An_index_being_built_says_to_wait_and_how_to_check()
        {
            Answer(Array.Empty<ThingDocumentData>(), Failure("IndexNotReadyException", 400, "index is not ready"));
            using var s = _fx.Open();
            s.Invoke("Get-IoTThing -Query 'thingName:*'");
            var err = Assert.Single(s.Errors);
            Assert.Equal("IndexNotReady" + Fqid, err.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceUnavailable, err.CategoryInfo.Category);
            Assert.Equal("The index AWS_Things in us-east-1 is not ready yet: nothing was searched for 'thingName:*'. The service answered IndexNotReadyException: index is not ready. " +
                "After fleet indexing is turned on or changed, AWS builds the index, which takes a while for a large fleet. " +
                "Run the query again when 'aws iot describe-index --index-name AWS_Things --region us-east-1' shows indexStatus ACTIVE.", err.Exception.Message);
        }

        [Theory]
        [InlineData("ThrottlingException", 400, "Throttled", ErrorCategory.LimitsExceeded)]
        [InlineData("InvalidRequestException", 400, "InvalidRequest", ErrorCategory.InvalidArgument)]
        [InlineData("ServiceUnavailableException", 503, "ServiceError", ErrorCategory.ResourceUnavailable)]
        [InlineData("UnauthorizedException", 401, "AccessDenied", ErrorCategory.PermissionDenied)]
        public void Other_failures_mid_stream_keep_what_came_and_use_the_modules_error_ids(string code, int status, string errorId, ErrorCategory category)
        {
            Answer(new[] { Doc("a"), Doc("b") }, Failure(code, status, "scripted"));
            using var s = _fx.Open();
            Assert.Equal(new[] { "a", "b" }, s.Invoke("Get-IoTThing -Query 'thingName:*'").Select(o => ((Thing)o.BaseObject).ThingName));
            var err = Assert.Single(s.Errors);
            Assert.Equal(errorId + Fqid, err.FullyQualifiedErrorId);
            Assert.Equal(category, err.CategoryInfo.Category);
            if (errorId != "AccessDenied") Assert.StartsWith($"Searching the index AWS_Things in us-east-1 for 'thingName:*' failed ({code}, HTTP {status}, after 1 attempt(s))", err.Exception.Message);
        }

        [Theory]
        [InlineData("'sensor-1', 'sensor-2'")]
        [InlineData("[IoTJobs.PowerShell.Output.Thing]@{ ThingName = 'sensor-1'; Region = 'us-east-1' }, [IoTJobs.PowerShell.Output.Thing]@{ ThingName = 'sensor-2'; Region = 'us-east-1' }")]
        [InlineData("[IoTJobs.PowerShell.Output.ThingGroup]@{ ThingGroupName = 'line-1' }, [pscustomobject]@{ Device = 'x' }")]
        public void Piped_input_beside_Query_is_an_error_for_each_item_and_the_query_never_runs(string items)
        {
            Answer(new[] { Doc("everything") });
            using var s = _fx.Open();
            Assert.Empty(s.Invoke($"{items} | Get-IoTThing -Query 'thingName:*'"));
            Assert.Empty(_client.Calls);
            Assert.Equal(2, s.Errors.Count);
            Assert.All(s.Errors, e => Assert.Equal("PipedInputWithQuery" + Fqid, e.FullyQualifiedErrorId));
            Assert.Contains("-Query 'thingName:*' was given too: the query's things would be listed for it, whatever it names. Nothing was looked up for it.", s.Errors[0].Exception.Message);
            Assert.NotNull(s.Errors[0].TargetObject);
        }

        [Theory]
        [InlineData("-AttributeName site")]
        [InlineData("-ThingTypeName sensor")]
        [InlineData("-ThingGroupName line-1")]
        [InlineData("-ThingName sensor-1")]
        [InlineData("-Recursive")]
        public void Query_beside_the_list_filters_is_a_parameter_set_error(string other)
        {
            Answer(new[] { Doc("x") });
            using var s = _fx.Open();
            var caught = s.Invoke($"try {{ Get-IoTThing -Query 'thingName:*' {other} }} catch {{ $_.FullyQualifiedErrorId }}");
            Assert.Equal("AmbiguousParameterSet" + Fqid, Assert.Single(caught).ToString());
            Assert.Empty(_client.Calls);
        }

        [Theory]
        [InlineData("-PageSize 101", "InvalidPageSize", "-PageSize 101 is too large for -Query: SearchIndex returns 1 to 100 things per page. Give -PageSize 1 to 100, or leave it out.")]
        [InlineData("-IndexName AWS_ThingGroups", "InvalidIndexName", "-IndexName 'AWS_ThingGroups' is the index of thing groups (Get-IoTThingGroup lists them), not of things. Things are searched in AWS_Things, the default: leave -IndexName out.")]
        [InlineData("-IndexName 'my index'", "InvalidIndexName", "-IndexName 'my index' is not an index name (1 to 128 characters from a-z, A-Z, 0-9, :, _ and -). Things are searched in AWS_Things, the default: leave -IndexName out.")]
        public void A_page_size_or_index_SearchIndex_cannot_take_ends_the_command_before_anything_is_sent(string parameter, string errorId, string message)
        {
            Answer(new[] { Doc("x") });
            using var s = _fx.Open();
            var caught = s.Invoke($"try {{ Get-IoTThing -Query 'thingName:*' {parameter} }} catch {{ $_.FullyQualifiedErrorId; $_.Exception.Message }}");
            Assert.Equal(new[] { errorId + Fqid, message }, caught.Select(o => o.ToString()));
            Assert.Empty(_client.Calls);
        }

        [Fact]
        public void A_query_result_is_a_thing_Stop_IoTJob_refuses_it_and_Stop_IoTJobExecution_cancels_its_execution()
        {
            Answer(new[] { Doc("sensor-1"), Doc("sensor-2") });
            var canceled = new List<string>();
            _client.OnCancelExecution = r => { lock (canceled) canceled.Add($"{r.ThingName}/{r.JobId}"); return System.Threading.Tasks.Task.CompletedTask; };
            _client.OnDescribeExecution = (thing, job, _) => System.Threading.Tasks.Task.FromResult(FakeIoTJobsClient.Execution(thing, job, "CANCELED"));
            _client.OnDescribeJob = job => System.Threading.Tasks.Task.FromResult(new JobData { JobId = job, TargetSelection = "SNAPSHOT", Status = "IN_PROGRESS" });
            using var s = _fx.Open();

            s.Invoke("Get-IoTThing -Query 'thingName:sensor-*' | Stop-IoTJob -JobId fw -Confirm:$false");
            Assert.Equal(new[] { "ThingPipedToStopJob", "ThingPipedToStopJob" }, s.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            s.Invoke("Get-IoTThing -Query 'thingName:sensor-*' | Stop-IoTJob -Confirm:$false");
            Assert.Equal(new[] { "MissingJobId", "MissingJobId" }, s.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.DoesNotContain(_client.Calls, c => c.Contains("Job") && !c.Contains("Execution"));

            var stopped = s.Invoke("Get-IoTThing -Query 'thingName:sensor-*' | Stop-IoTJobExecution -JobId fw -Confirm:$false");
            Assert.Empty(s.Errors);
            Assert.Equal(new[] { "sensor-1/fw", "sensor-2/fw" }, canceled.OrderBy(c => c, StringComparer.Ordinal));
            Assert.Equal(new[] { "sensor-1", "sensor-2" }, stopped.Select(o => ((JobExecution)o.BaseObject).ThingName));
        }

        [Fact]
        public void The_default_table_shows_connectivity_within_80_columns()
        {
            var since = new DateTime(2026, 12, 4, 20, 8, 0, DateTimeKind.Utc);
            Answer(new[]
            {
                new ThingDocumentData
                {
                    ThingName = "building-7-floor-3-sensor-temperature-0001", ThingTypeName = "temperature-sensor-v2", Attributes = new Dictionary<string, string> { ["site"] = "ber" },
                    Connectivity = new ThingConnectivityData { Connected = false, Timestamp = new DateTimeOffset(since).ToUnixTimeMilliseconds() },
                },
                new ThingDocumentData { ThingName = "sensor-2", Connectivity = new ThingConnectivityData { Connected = true } },
            });
            using var s = _fx.Open();
            var lines = s.Invoke("Get-IoTThing -Query '*' | Out-String -Width 80").Single().ToString()!.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToArray();
            Assert.Matches(@"^ThingName\s+ThingTypeName\s+Connected\s+Since\s+Attributes$", lines[0]);
            Assert.Matches(@"^building-…mperature-0001 tempe…ensor-v2 False\s+2026-12-04 20:08 site=ber$", lines[2]);
            Assert.Matches(@"^sensor-2\s+True$", lines[3].TrimEnd());
            Assert.All(lines, l => Assert.True(l.Length <= 79, $"'{l}' is {l.Length} wide"));
        }
    }
}
