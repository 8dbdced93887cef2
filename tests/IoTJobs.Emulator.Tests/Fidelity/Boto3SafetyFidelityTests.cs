using System.Diagnostics;
using IoTJobs.Emulator.Faults;
using Xunit.Abstractions;
using IoTJobs.Emulator.Handlers;
using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Fidelity;

/// <summary>
/// boto3 (botocore's parsers and error classes) reads what the module's safety work relies on: STS GetCallerIdentity
/// and its XML errors, AccessDeniedException from --deny, and a cancel applied with its answer lost whose retry gets
/// 403 ExpiredTokenException. Skipped when boto3 is not installed.
/// </summary>
public sealed class Boto3SafetyFidelityTests(ITestOutputHelper output)
{
    private const string Script = """
        import sys, boto3, botocore.config, botocore.exceptions
        ep, region = sys.argv[1], sys.argv[2]
        cfg = botocore.config.Config(retries={'mode': 'standard', 'max_attempts': 3})
        def client(service, key='test', secret='test'):
            return boto3.client(service, endpoint_url=ep, region_name=region, aws_access_key_id=key,
                                aws_secret_access_key=secret, config=cfg)
        def error(call):
            try:
                call()
                return 'no error'
            except botocore.exceptions.ClientError as e:
                return '%s %s %s' % (e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message'])
        who = client('sts').get_caller_identity()
        print('identity', who['Account'], who['Arn'], who['UserId'])
        print('unknown key', error(lambda: client('sts', 'AKIDNOPE', 'x').get_caller_identity()))
        print('denied', error(lambda: client('iot', 'AKIDREADER').describe_job_execution(thingName='t1', jobId='j1')))
        client('iot', 'AKIDREADER').cancel_job_execution(thingName='t2', jobId='j1')
        print('canceled t2 as reader')
        print('cancel t1', error(lambda: client('iot').cancel_job_execution(thingName='t1', jobId='j1')))
        """;

    [SkippableTheory]
    [InlineData("us-east-1", "aws")]
    [InlineData("cn-north-1", "aws-cn")]
    public async Task Boto3_reads_caller_identity_access_denied_and_an_expired_token_retry(string region, string partition)
    {
        Skip.IfNot(ProcessRunner.HasBoto3.Value, "python3 with boto3 is not installed");
        await using var host = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            Region = region, Account = "246813579024",
            DeniedOperations = { ["AKIDREADER"] = new List<string> { Operations.DescribeJobExecution } },
            FaultScripts = { new ScriptedFault(Operations.CancelJobExecution, 2, new[] { FaultKind.ApplyThenDrop, FaultKind.ExpiredToken }) },
        });
        using (var http = new HttpClient { BaseAddress = host.BaseAddress })
            await http.PostAsync("_emulator/credentials", new StringContent("""{"accessKey":"AKIDREADER","secretKey":"test"}"""));
        host.Store.Seed("j1", new[] { "t1", "t2" });

        var psi = new ProcessStartInfo("python3");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(host.BaseAddress.ToString().TrimEnd('/'));
        psi.ArgumentList.Add(region);
        psi.WithoutAwsSettings();
        var r = await ProcessRunner.RunAsync(psi, TimeSpan.FromMinutes(2));
        output.WriteLine(r.StdOut);
        output.WriteLine(r.StdErr);
        Assert.True(r.ExitCode == 0, r.StdErr);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith($"identity 246813579024 arn:{partition}:iam::246813579024:user/emulator AIDA", lines[0]);
        Assert.StartsWith("unknown key InvalidClientTokenId 403 ", lines[1]);
        Assert.Equal($"denied AccessDeniedException 403 User: arn:{partition}:iam::246813579024:user/emulator is not authorized to perform: " +
            $"iot:DescribeJobExecution on resource: arn:{partition}:iot:{region}:246813579024:thing/t1 with an explicit deny in an identity-based policy", lines[2]);
        Assert.Equal("canceled t2 as reader", lines[3]);
        // The second CancelJobExecution was applied and its answer lost; botocore retried and got ExpiredTokenException.
        Assert.Equal("cancel t1 ExpiredTokenException 403 The security token included in the request is expired", lines[4]);
        Assert.Equal("CANCELED", host.Store.DescribeJobExecution("t1", "j1").Status);
        Assert.Equal(3, host.RequestCount(Operations.CancelJobExecution));
        Assert.Equal(1, host.FaultCounts()["applyThenDrop"]);
        Assert.Equal(1, host.FaultCounts()["expiredToken"]);
    }
}
