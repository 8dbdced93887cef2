using IoTJobs.Emulator.Hosting;

namespace IoTJobs.Emulator.Tests.Hosting;

public sealed class EmulatorOptionsTests
{
    [Fact]
    public void Defaults()
    {
        var o = EmulatorOptions.Parse(Array.Empty<string>());
        Assert.Equal(0, o.Port);
        Assert.Equal("127.0.0.1", o.BindAddress);
        Assert.Equal("us-east-1", o.Region);
        Assert.Equal("123456789012", o.Account);
        Assert.Equal("test", o.AccessKey);
        Assert.Equal("test", o.SecretKey);
        Assert.Null(o.RateLimit);
        Assert.Empty(o.OperationRateLimits);
        Assert.Null(o.RateLimitBurst);
        Assert.Equal(0, o.FaultRate);
        Assert.Null(o.Seed);
        // The command line rehearses AWS's pace for whole-job cancels (1,000 a minute); code-built options are instant.
        Assert.Equal(1000.0 / 60.0, o.JobCancelRate, 6);
        Assert.Equal(0, new EmulatorOptions().JobCancelRate);
        Assert.Equal(1, o.TimeScale);
    }

    [Fact]
    public void Cancel_pace_and_time_scale_parse()
    {
        var o = EmulatorOptions.Parse(new[] { "--job-cancel-rate", "0", "--time-scale=60" });
        Assert.Equal(0, o.JobCancelRate);
        Assert.Equal(60, o.TimeScale);
        Assert.Equal(2.5, EmulatorOptions.Parse(new[] { "--job-cancel-rate=2.5" }).JobCancelRate);
        Assert.Equal(TimeSpan.FromSeconds(3), EmulatorOptions.Parse(new[] { "--consistency-lag-ms", "3000" }).ConsistencyLag);
    }

    [Fact]
    public void All_options_parse()
    {
        var o = EmulatorOptions.Parse(new[]
        {
            "--port", "5000", "--bind", "::1", "--region", "eu-west-1", "--account", "111122223333", "--access-key", "AK",
            "--secret-key", "SK", "--rate-limit", "10,CancelJobExecution=50,DescribeJobExecution=2.5", "--rate-limit-burst", "4",
            "--latency-ms", "20", "--fault-rate=0.25", "--seed", "7", "--quiet", "--log-requests",
        });
        Assert.Equal(5000, o.Port);
        Assert.Equal("::1", o.BindAddress);
        Assert.Equal("eu-west-1", o.Region);
        Assert.Equal("111122223333", o.Account);
        Assert.Equal("AK", o.AccessKey);
        Assert.Equal("SK", o.SecretKey);
        Assert.Equal(10, o.RateLimit);
        Assert.Equal(50, o.OperationRateLimits["CancelJobExecution"]);
        Assert.Equal(2.5, o.OperationRateLimits["DescribeJobExecution"]);
        Assert.Equal(4, o.RateLimitBurst);
        Assert.Equal(20, o.LatencyMs);
        Assert.Equal(0.25, o.FaultRate);
        Assert.Equal(7, o.Seed);
        Assert.True(o.Quiet);
        Assert.True(o.LogRequests);
    }

    [Fact]
    public void Per_operation_limits_without_default()
    {
        var o = EmulatorOptions.Parse(new[] { "--rate-limit", "CancelJobExecution=50,DescribeJobExecution=50" });
        Assert.Null(o.RateLimit);
        Assert.Equal(2, o.OperationRateLimits.Count);
    }

    [Theory]
    [InlineData("--port", "70000", "--port")]
    [InlineData("--port", "abc", "--port")]
    [InlineData("--bind", "localhost", "--bind")]
    [InlineData("--region", "mars", "--region")]
    [InlineData("--account", "123", "--account")]
    [InlineData("--rate-limit", "0", "--rate-limit")]
    [InlineData("--rate-limit", "-5", "--rate-limit")]
    [InlineData("--rate-limit", "Nope=5", "CancelJobExecution")]
    [InlineData("--rate-limit", "CancelJobExecution=x", "--rate-limit")]
    [InlineData("--rate-limit", "1,2", "--rate-limit")]
    [InlineData("--rate-limit-burst", "0", "--rate-limit-burst")]
    [InlineData("--latency-ms", "-1", "--latency-ms")]
    [InlineData("--fault-rate", "1.5", "between 0 and 1")]
    [InlineData("--fault-rate", "NaN", "--fault-rate")]
    [InlineData("--seed", "x", "--seed")]
    [InlineData("--job-cancel-rate", "-1", ">= 0")]
    [InlineData("--job-cancel-rate", "fast", "executions per second")]
    [InlineData("--time-scale", "0", "> 0")]
    [InlineData("--time-scale", "Infinity", "--time-scale")]
    [InlineData("--consistency-lag-ms", "-5", "milliseconds from 0")]
    [InlineData("--bogus", "1", "Valid options")]
    public void Bad_options_name_the_option_and_what_is_valid(string name, string value, string expectedText)
    {
        var ex = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { name, value }));
        Assert.Contains(name, ex.Message);
        Assert.Contains(expectedText, ex.Message);
    }

    [Fact]
    public void Missing_value_is_an_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--port" }));
        Assert.Contains("--port", ex.Message);
    }

    [Fact]
    public void Secret_value_is_not_echoed_in_errors()
    {
        var ex = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(new[] { "--secret-key", "" }));
        Assert.Contains("--secret-key", ex.Message);
    }

    [Fact]
    public async Task In_process_options_are_validated_too()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => EmulatorHost.StartAsync(new EmulatorOptions { FaultRate = 2 }));
        await Assert.ThrowsAsync<ArgumentException>(() => EmulatorHost.StartAsync(new EmulatorOptions { JobCancelRate = -1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => EmulatorHost.StartAsync(new EmulatorOptions { TimeScale = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => EmulatorHost.StartAsync(new EmulatorOptions
        {
            OperationRateLimits = new Dictionary<string, double> { ["Nope"] = 1 },
        }));
    }

    [Fact]
    public async Task Several_hosts_run_at_once_with_separate_state()
    {
        await using var a = await EmulatorHost.StartAsync(new EmulatorOptions());
        await using var b = await EmulatorHost.StartAsync(new EmulatorOptions { Account = "999999999999" });
        Assert.NotEqual(a.BaseAddress, b.BaseAddress);
        Assert.Equal("127.0.0.1", a.BaseAddress.Host);
        using var apiA = new ApiClient(a.BaseAddress);
        using var apiB = new ApiClient(b.BaseAddress);
        await apiA.CreateThing("x");
        Assert.Equal("ResourceNotFoundException", (await apiB.Control(HttpMethod.Get, "things/x")).ErrorCode);
        var created = await apiB.CreateThing("y");
        Assert.Equal("arn:aws:iot:us-east-1:999999999999:thing/y", created.Body.GetProperty("thingArn").GetString());
    }
}
