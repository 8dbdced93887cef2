using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IoTJobs.Emulator.ShapeCheck;
using IoTJobs.Emulator.Faults;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.ShapeCheck;

/// <summary>
/// The response-shape check itself: it must pass what the model allows and fail every kind of mismatch (a member name,
/// a JSON type, an enum value, a missing required member, an error the operation does not list or with the wrong
/// status), and a host that sends a wrong shape must leave a violation on disk. Uses botocore's models on this machine
/// (skipped, and reported so, when botocore is not installed).
/// </summary>
public sealed class ShapeCheckTests
{
    private static readonly Lazy<string?> BotocoreData = new(FindBotocoreData);

    private static string? FindBotocoreData()
    {
        string? fromEnv = Environment.GetEnvironmentVariable(ShapeCheckReport.ModelVariable);
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv)) return fromEnv;
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("python3", "-c \"import botocore,os;print(os.path.dirname(botocore.__file__))\"");
            var r = ProcessRunner.RunAsync(psi, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            string dir = Path.Combine(r.StdOut.Trim(), "data");
            return r.ExitCode == 0 && Directory.Exists(Path.Combine(dir, "iot")) ? dir : null;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static ResponseShapeChecker Real()
    {
        Skip.If(BotocoreData.Value == null, "botocore (python3 -m pip show botocore) is not installed: its models are the reference");
        return ResponseShapeChecker.Load(BotocoreData.Value!);
    }

    private static IReadOnlyList<string> Check(ResponseShapeChecker c, string op, int status, string? code, string body) =>
        c.Check(op, status, code, Encoding.UTF8.GetBytes(body));

    [SkippableFact]
    public void What_the_model_allows_passes()
    {
        var c = Real();
        Assert.Empty(Check(c, "DescribeJob", 200, null,
            """{"documentSource":"s3://x","job":{"jobId":"j","status":"CANCELED","isConcurrent":true,"createdAt":1764590400.123,"targets":["arn:aws:iot:us-east-1:1:thing/a"],"jobProcessDetails":{"numberOfCanceledThings":3,"processingTargets":[]},"timeoutConfig":{"inProgressTimeoutInMinutes":5}}}"""));
        Assert.Empty(Check(c, "CancelJobExecution", 200, null, "{}"));
        Assert.Empty(Check(c, "CancelJobExecution", 200, null, ""));
        Assert.Empty(Check(c, "CancelJobExecution", 409, "VersionConflictException", """{"message":"version mismatch"}"""));
        Assert.Empty(Check(c, "CancelJob", 400, "InvalidRequestException", """{"message":"Job j is in status COMPLETED and cannot be canceled."}"""));
        Assert.Empty(Check(c, "CreateThingGroup", 503, "ServiceUnavailableException", """{"message":"down"}""")); // common to every API
        Assert.Empty(Check(c, Operations.JobsDataDescribeJobExecution, 200, null,
            """{"execution":{"jobId":"j","thingName":"t","status":"IN_PROGRESS","statusDetails":{},"queuedAt":1764590400,"approximateSecondsBeforeTimedOut":42,"versionNumber":2,"executionNumber":1}}"""));
        Assert.Empty(Check(c, "ListThingsInThingGroup", 200, null, """{"things":["a","b"],"nextToken":"t"}"""));
        Assert.Empty(c.Check(null, 404, "UnknownOperationException", Encoding.UTF8.GetBytes("""{"message":"No operation"}""")));
    }

    [SkippableFact]
    public void A_wrong_member_name_type_or_enum_value_is_a_violation()
    {
        var c = Real();
        var problems = Check(c, "DescribeJob", 200, null,
            """{"job":{"jobId":"j","isConcurrent":"yes","status":"RUNNING","bogus":1,"jobProcessDetails":{"numberOfQueuedThings":1.5}}}""");
        Assert.Contains(problems, p => p.Contains("$.job.isConcurrent") && p.Contains("boolean"));
        Assert.Contains(problems, p => p.Contains("$.job.status") && p.Contains("RUNNING") && p.Contains("enum"));
        Assert.Contains(problems, p => p.Contains("$.job.bogus") && p.Contains("not a member"));
        Assert.Contains(problems, p => p.Contains("numberOfQueuedThings") && p.Contains("integer"));
        Assert.Equal(4, problems.Count);
        Assert.Contains(Check(c, "DescribeJobExecution", 200, null, """{"execution":{"queuedAt":"2026-12-01T12:00:00Z"}}"""),
            p => p.Contains("queuedAt") && p.Contains("timestamp"));
        Assert.Contains(Check(c, "ListThingsInThingGroup", 200, null, """{"things":[{"thingName":"a"}]}"""), p => p.Contains("$.things[0]"));
    }

    [SkippableFact]
    public void Errors_must_be_the_operations_own_with_the_models_status_and_body()
    {
        var c = Real();
        // The emulator's old VersionConflictException body: executionState is not in the model.
        Assert.Contains(Check(c, "CancelJobExecution", 409, "VersionConflictException", """{"message":"m","executionState":{"status":"IN_PROGRESS","versionNumber":2}}"""),
            p => p.Contains("executionState"));
        // CancelJob's model lists no 409.
        Assert.Contains(Check(c, "CancelJob", 409, "InvalidStateTransitionException", """{"message":"completed"}"""),
            p => p.Contains("not an error the model lists for CancelJob"));
        Assert.Contains(Check(c, "DescribeJob", 400, "ResourceNotFoundException", """{"message":"m"}"""), p => p.Contains("the model's is 404"));
        Assert.Contains(Check(c, "DescribeJob", 404, null, """{"message":"m"}"""), p => p.Contains("x-amzn-ErrorType"));
        Assert.Contains(Check(c, "CancelJobExecution", 200, null, """{"canceled":true}"""), p => p.Contains("no output"));
        Assert.Contains(Check(c, "DescribeThing", 403, "InvalidSignatureException", """{"message":"m","canonicalRequest":"x"}"""), p => p.Contains("canonicalRequest"));
        Assert.Contains(c.Check(null, 400, "ValidationException", Encoding.UTF8.GetBytes("""{"message":"m"}""")), p => p.Contains("ValidationException"));
        Assert.Contains(Check(c, "NotAnOperation", 200, null, "{}"), p => p.Contains("not an operation"));
    }

    [SkippableFact]
    public void Shadow_answers_are_checked_against_the_iot_data_model_whose_payload_is_the_whole_body()
    {
        var c = Real();
        // GetThingShadow's output is a blob payload (JsonDocument): the body is the document, any bytes.
        Assert.Empty(Check(c, Operations.GetThingShadow, 200, null, """{"state":{"reported":{"fw":"1"}},"version":1,"timestamp":1}"""));
        Assert.Empty(Check(c, Operations.UpdateThingShadow, 200, null, "not json at all"));
        Assert.Empty(Check(c, Operations.UpdateThingShadow, 409, "ConflictException", """{"message":"Version conflict"}"""));
        Assert.Empty(Check(c, Operations.UpdateThingShadow, 429, "ThrottlingException", """{"message":"Rate exceeded"}"""));
        Assert.Empty(Check(c, Operations.UpdateThingShadow, 413, "RequestEntityTooLargeException", """{"message":"too large"}"""));
        // UpdateThingShadow lists no 404, GetThingShadow no 409; iot-data's ThrottlingException is 429.
        Assert.Contains(Check(c, Operations.UpdateThingShadow, 404, "ResourceNotFoundException", """{"message":"m"}"""), p => p.Contains("not an error the model lists for UpdateThingShadow"));
        Assert.Contains(Check(c, Operations.GetThingShadow, 409, "ConflictException", """{"message":"m"}"""), p => p.Contains("not an error the model lists for GetThingShadow"));
        Assert.Contains(Check(c, Operations.GetThingShadow, 400, "ThrottlingException", """{"message":"m"}"""), p => p.Contains("the model's is 429"));
        Assert.Equal("iot-data:GetThingShadow", ResponseShapeChecker.QualifiedName(Operations.GetThingShadow));
        Assert.Contains(c.ModelFiles, f => f.Contains(Path.Combine("iot-data", "2015-05-28"), StringComparison.Ordinal));
    }

    [SkippableFact]
    public void SearchIndex_documents_hold_the_shadow_as_a_string()
    {
        var c = Real();
        Assert.Empty(Check(c, Operations.SearchIndex, 200, null,
            """{"things":[{"thingName":"a","thingId":"1","thingGroupNames":["g"],"attributes":{"site":"BER"},"shadow":"{\"reported\":{}}","connectivity":{"connected":false,"timestamp":1556649874716,"disconnectReason":"CONNECTION_LOST"}}],"nextToken":"t"}"""));
        Assert.Contains(Check(c, Operations.SearchIndex, 200, null, """{"things":[{"thingName":"a","shadow":{"reported":{}}}]}"""),
            p => p.Contains("$.things[0].shadow") && p.Contains("string"));
        Assert.Empty(Check(c, Operations.SearchIndex, 400, "InvalidQueryException", """{"message":"m"}"""));
        Assert.Empty(Check(c, Operations.GetIndexingConfiguration, 200, null,
            """{"thingIndexingConfiguration":{"thingIndexingMode":"OFF","thingConnectivityIndexingMode":"OFF"},"thingGroupIndexingConfiguration":{"thingGroupIndexingMode":"OFF"}}"""));
        Assert.Contains(Check(c, Operations.GetIndexingConfiguration, 200, null, """{"thingIndexingConfiguration":{"thingIndexingMode":"ON"}}"""),
            p => p.Contains("enum"));
    }

    [SkippableFact]
    public void STS_answers_are_checked_as_the_Query_protocol_against_the_sts_model()
    {
        var c = Real();
        const string ns = "https://sts.amazonaws.com/doc/2011-06-15/";
        string ok = $"<GetCallerIdentityResponse xmlns=\"{ns}\"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDAX</UserId>" +
                    "<Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
        Assert.Empty(Check(c, Operations.GetCallerIdentity, 200, null, ok));
        Assert.Contains(Check(c, Operations.GetCallerIdentity, 200, null, ok.Replace("<Account>", "<Bogus>x</Bogus><Account>")), p => p.Contains("Bogus") && p.Contains("not a member"));
        Assert.Contains(Check(c, Operations.GetCallerIdentity, 200, null, ok.Replace("<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>", "")), p => p.Contains("RequestId"));
        Assert.Contains(Check(c, Operations.GetCallerIdentity, 200, null, ok.Replace(ns, "https://example.com/")), p => p.Contains("root element"));
        Assert.Contains(Check(c, Operations.GetCallerIdentity, 200, null, """{"Account":"1"}"""), p => p.Contains("not XML"));

        string Error(string code, string type = "Sender") =>
            $"<ErrorResponse xmlns=\"{ns}\"><Error><Type>{type}</Type><Code>{code}</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>";
        Assert.Empty(Check(c, Operations.GetCallerIdentity, 403, "InvalidClientTokenId", Error("InvalidClientTokenId")));
        Assert.Empty(Check(c, Operations.GetCallerIdentity, 503, "ServiceUnavailable", Error("ServiceUnavailable", "Receiver")));
        Assert.Empty(c.Check(null, 403, "MissingAuthenticationToken", Encoding.UTF8.GetBytes(Error("MissingAuthenticationToken"))));
        Assert.Contains(Check(c, Operations.GetCallerIdentity, 400, "InvalidClientTokenId", Error("InvalidClientTokenId")), p => p.Contains("expected 403"));
        Assert.Contains(Check(c, Operations.GetCallerIdentity, 403, "AccessDeniedException", Error("AccessDeniedException")), p => p.Contains("nor one every Query API"));
        Assert.Contains(Check(c, Operations.GetCallerIdentity, 503, "ServiceUnavailable", Error("ServiceUnavailable")), p => p.Contains("Error/Type Sender"));
    }

    [SkippableFact]
    public async Task Every_STS_answer_the_emulator_sends_passes_the_check()
    {
        var checker = Real();
        string reports = Path.Combine(Path.GetTempPath(), "shapes-sts-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var report = new ShapeCheckReport(checker, reports);
            await using (var host = await EmulatorHost.StartAsync(new EmulatorOptions { ShapeCheck = report }))
            {
                await StsClient.Send(host.BaseAddress);
                await StsClient.Send(host.BaseAddress, accessKey: "AKIDUNKNOWN");
                await StsClient.Send(host.BaseAddress, secretKey: "wrong");
                await StsClient.Send(host.BaseAddress, service: null);
                await StsClient.Send(host.BaseAddress, "Action=AssumeRole");
                await StsClient.Send(host.BaseAddress, "Version=2011-06-15");
                host.ScriptFaults(Operations.GetCallerIdentity, 1, FaultKind.ExpiredToken, FaultKind.ServiceUnavailable);
                await StsClient.Send(host.BaseAddress);
                await StsClient.Send(host.BaseAddress);
            }
            Assert.Empty(Directory.GetFiles(reports, "*.violations.jsonl"));
            var counts = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(reports, "*.json").Single())).RootElement;
            Assert.Equal(8, counts.GetProperty("responses").GetInt64());
            Assert.Equal(1, counts.GetProperty("counts").GetProperty("sts:GetCallerIdentity 200").GetInt64());
            Assert.Equal(1, counts.GetProperty("counts").GetProperty("sts:GetCallerIdentity 403 ExpiredToken").GetInt64());
            Assert.Equal(1, counts.GetProperty("counts").GetProperty("- 403 InvalidClientTokenId").GetInt64());
            Assert.Contains("sts:GetCallerIdentity", counts.GetProperty("operations").EnumerateArray().Select(o => o.GetString()));
        }
        finally
        {
            if (Directory.Exists(reports)) Directory.Delete(reports, recursive: true);
        }
    }

    [Fact]
    public void Missing_required_members_blobs_and_32_bit_integers_are_checked()
    {
        // A small model of the same form, for the kinds of member the IoT outputs do not have.
        string dir = Path.Combine(Path.GetTempPath(), "shapes-model-" + Guid.NewGuid().ToString("N"));
        var shapes = new JsonObject
        {
            ["Out"] = new JsonObject
            {
                ["type"] = "structure", ["required"] = new JsonArray("id"),
                ["members"] = new JsonObject
                {
                    ["id"] = new JsonObject { ["shape"] = "Str" },
                    ["data"] = new JsonObject { ["shape"] = "Bytes" },
                    ["n"] = new JsonObject { ["shape"] = "Int" },
                    ["when"] = new JsonObject { ["shape"] = "Iso" },
                    ["wire"] = new JsonObject { ["shape"] = "Str", ["locationName"] = "wireName" },
                    ["header"] = new JsonObject { ["shape"] = "Str", ["location"] = "header", ["locationName"] = "x-h" },
                },
            },
            ["Str"] = new JsonObject { ["type"] = "string" },
            ["Bytes"] = new JsonObject { ["type"] = "blob" },
            ["Int"] = new JsonObject { ["type"] = "integer" },
            ["Iso"] = new JsonObject { ["type"] = "timestamp", ["timestampFormat"] = "iso8601" },
        };
        var model = new JsonObject { ["operations"] = new JsonObject { ["GetThing"] = new JsonObject { ["http"] = new JsonObject { ["method"] = "GET", ["requestUri"] = "/x" }, ["output"] = new JsonObject { ["shape"] = "Out" } } }, ["shapes"] = shapes };
        try
        {
            foreach (var (svc, ver) in new[] { ("iot", "2015-05-28"), ("iot-jobs-data", "2017-09-29") })
            {
                Directory.CreateDirectory(Path.Combine(dir, svc, ver));
                File.WriteAllText(Path.Combine(dir, svc, ver, "service-2.json"), model.ToJsonString());
            }
            var c = ResponseShapeChecker.Load(dir);
            // This model has no iot-data: a shadow answer cannot be checked, which is a violation, not a pass.
            Assert.Contains(Check(c, Operations.GetThingShadow, 200, null, "{}"), p => p.Contains("iot-data model was not loaded"));
            Assert.Empty(Check(c, "GetThing", 200, null, """{"id":"a","data":"aGk=","n":7,"when":"2026-12-01T12:00:00Z","wireName":"w"}"""));
            var problems = Check(c, "GetThing", 200, null, """{"data":"not base64!","n":3000000000,"when":12,"wire":"w","x-h":"h"}""");
            Assert.Contains(problems, p => p.Contains("$.id") && p.Contains("required"));
            Assert.Contains(problems, p => p.Contains("$.data") && p.Contains("blob"));
            Assert.Contains(problems, p => p.Contains("$.n") && p.Contains("32-bit"));
            Assert.Contains(problems, p => p.Contains("$.when") && p.Contains("iso8601"));
            Assert.Contains(problems, p => p.Contains("$.wire:") && p.Contains("not a member")); // the wire name is wireName
            Assert.Contains(problems, p => p.Contains("$.x-h:") && p.Contains("not a member"));  // header members are not in the body
            Assert.Equal(6, problems.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public async Task A_host_that_sends_a_wrong_shape_writes_the_violation_and_counts_every_response()
    {
        Real();
        // botocore's own iot model with one member taken out of Job: every DescribeJob response now has a member
        // the (patched) model does not know. Nothing about the emulator changes; the check must catch it.
        string root = Path.Combine(Path.GetTempPath(), "shapes-" + Guid.NewGuid().ToString("N"));
        string models = Path.Combine(root, "data");
        string reports = Path.Combine(root, "reports");
        try
        {
            CopyModel(BotocoreData.Value!, models, "iot", "2015-05-28", doc =>
                doc["shapes"]!["Job"]!["members"]!.AsObject().Remove("isConcurrent"));
            CopyModel(BotocoreData.Value!, models, "iot-jobs-data", "2017-09-29", _ => { });
            using var report = new ShapeCheckReport(ResponseShapeChecker.Load(models), reports);
            await using (var host = await EmulatorHost.StartAsync(new EmulatorOptions { ShapeCheck = report }))
            {
                using var api = new ApiClient(host.BaseAddress);
                await api.CreateThing("a");
                await api.CreateJob("j", "a");
                Assert.Equal(System.Net.HttpStatusCode.OK, (await api.Control(HttpMethod.Get, "jobs/j")).Status);
                await api.Control(HttpMethod.Get, "jobs/none");
                // The violation is on disk at once (a killed process loses none).
                var line = File.ReadAllLines(Directory.GetFiles(reports, "*.violations.jsonl").Single()).Single();
                using var v = JsonDocument.Parse(line);
                Assert.Equal("DescribeJob", v.RootElement.GetProperty("operation").GetString());
                Assert.Contains("isConcurrent", v.RootElement.GetProperty("problems")[0].GetString());
            }
            var counts = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(reports, "*.json").Single())).RootElement;
            Assert.Equal(4, counts.GetProperty("responses").GetInt64());
            Assert.Equal(1, counts.GetProperty("violations").GetInt64());
            Assert.Equal("in-process", counts.GetProperty("hostKind").GetString());
            Assert.Equal(1, counts.GetProperty("counts").GetProperty("iot:DescribeJob 404 ResourceNotFoundException").GetInt64());
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static void CopyModel(string from, string to, string service, string version, Action<JsonNode> patch)
    {
        string src = Path.Combine(from, service, version, "service-2.json");
        string text;
        if (File.Exists(src + ".gz"))
        {
            using var gz = new GZipStream(File.OpenRead(src + ".gz"), CompressionMode.Decompress);
            using var reader = new StreamReader(gz);
            text = reader.ReadToEnd();
        }
        else
        {
            text = File.ReadAllText(src);
        }
        var doc = JsonNode.Parse(text)!;
        patch(doc);
        Directory.CreateDirectory(Path.Combine(to, service, version));
        File.WriteAllText(Path.Combine(to, service, version, "service-2.json"), doc.ToJsonString());
    }
}
