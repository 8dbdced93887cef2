namespace IoTJobs.Client.Tests;

public class ArnTests
{
    [Theory]
    [InlineData("arn:aws:iot:us-east-1:123456789012:thing/dev1", "us-east-1", "123456789012", "dev1")]
    [InlineData("arn:aws:iot:us-west-2:123456789012:thing/dev:colon_1", "us-west-2", "123456789012", "dev:colon_1")]
    [InlineData("arn:aws-cn:iot:cn-north-1:123456789012:thing/t", "cn-north-1", "123456789012", "t")]
    [InlineData("arn:aws-us-gov:iot:us-gov-west-1:123456789012:thing/t-1", "us-gov-west-1", "123456789012", "t-1")]
    [InlineData("arn:aws-iso-b:iot:us-isob-east-1:123456789012:thing/t_2", "us-isob-east-1", "123456789012", "t_2")]
    public void ThingArn_Parses(string arn, string region, string account, string name)
    {
        Assert.True(Arn.TryParseThingArn(arn, out var r, out var a, out var n));
        Assert.Equal((region, account, name), (r, a, n));
    }

    [Theory]
    [InlineData("arn:aws:iot:us-east-1:123456789012:job/job-1", "job-1")]
    [InlineData("arn:aws-cn:iot:cn-northwest-1:123456789012:job/j_2", "j_2")]
    public void JobArn_Parses(string arn, string id)
    {
        Assert.True(Arn.TryParseJobArn(arn, out var r, out var a, out var j));
        Assert.Equal(id, j);
        Assert.Equal("123456789012", a);
        Assert.False(string.IsNullOrEmpty(r));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("dev1")]
    [InlineData("arn:aws:iot:us-east-1:123456789012:job/j1")] // a job ARN is not a thing ARN
    [InlineData("arn:aws:s3:us-east-1:123456789012:thing/x")]
    [InlineData("arn:aws:iot:us-east-1:12345:thing/x")]
    [InlineData("arn:aws:iot:us-east-1:123456789012:thing/")]
    [InlineData("arn:aws:iot:us-east-1:123456789012:thinggroup/g")]
    [InlineData("arn:azure:iot:us-east-1:123456789012:thing/x")]
    public void NotAThingArn(string? arn)
    {
        Assert.False(Arn.TryParseThingArn(arn!, out _, out _, out _));
    }

    [Fact]
    public void ThingArn_IsNotAJobArn() => Assert.False(Arn.TryParseJobArn("arn:aws:iot:us-east-1:123456789012:thing/t", out _, out _, out _));
}
