namespace IoTJobs.Aws.Tests;

public class IoTArnTests
{
    [Theory]
    [InlineData("arn:aws:iot:us-east-1:123456789012:thing/dev1", "aws", "us-east-1", "123456789012", "dev1")]
    [InlineData("arn:aws:iot:us-west-2:123456789012:thing/dev:colon_1", "aws", "us-west-2", "123456789012", "dev:colon_1")]
    [InlineData("arn:aws-cn:iot:cn-north-1:123456789012:thing/t", "aws-cn", "cn-north-1", "123456789012", "t")]
    [InlineData("arn:aws-us-gov:iot:us-gov-west-1:123456789012:thing/t-1", "aws-us-gov", "us-gov-west-1", "123456789012", "t-1")]
    [InlineData("arn:aws-iso:iot:us-iso-east-1:123456789012:thing/t", "aws-iso", "us-iso-east-1", "123456789012", "t")]
    [InlineData("arn:aws-iso-b:iot:us-isob-east-1:123456789012:thing/t_2", "aws-iso-b", "us-isob-east-1", "123456789012", "t_2")]
    [InlineData("arn:aws-iso-e:iot:eu-isoe-west-1:123456789012:thing/t", "aws-iso-e", "eu-isoe-west-1", "123456789012", "t")]
    [InlineData("arn:aws-iso-f:iot:us-isof-south-1:123456789012:thing/t", "aws-iso-f", "us-isof-south-1", "123456789012", "t")]
    [InlineData("arn:aws-eusc:iot:eusc-de-east-1:123456789012:thing/t", "aws-eusc", "eusc-de-east-1", "123456789012", "t")]
    public void ThingArnOfEveryPartitionParses(string text, string partition, string region, string account, string name)
    {
        Assert.True(IoTArn.TryParse(text, out var arn, out var problem), problem);
        Assert.Equal((partition, region, account, "thing", name), (arn.Partition, arn.Region, arn.Account, arn.Kind, arn.Name));
        Assert.Equal(text, arn.ToString());
    }

    [Theory]
    [InlineData("arn:aws:iot:us-east-1:123456789012:job/job-1", "job", "job-1")]
    [InlineData("arn:aws-cn:iot:cn-northwest-1:123456789012:job/j_2", "job", "j_2")]
    [InlineData("arn:aws:iot:eu-west-1:123456789012:thinggroup/building-7", "thinggroup", "building-7")]
    public void OtherKindsParse(string text, string kind, string name)
    {
        Assert.True(IoTArn.TryParse(text, out var arn, out _));
        Assert.Equal((kind, name, "123456789012"), (arn.Kind, arn.Name, arn.Account));
        Assert.False(string.IsNullOrEmpty(arn.Region));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("dev1")]
    [InlineData("arn:aws:s3:us-east-1:123456789012:thing/x")]
    [InlineData("arn:aws:iot:us-east-1:123456789012:thing/")]
    [InlineData("arn:azure:iot:us-east-1:123456789012:thing/x")]
    [InlineData("arn:aws:iot:us-east-1:123456789012:thing/a/b")]
    public void NotAnIoTArn(string? text)
    {
        Assert.False(IoTArn.TryParse(text, out _, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("arn:aws:iot:cn-north-1:123456789012:thing/x", "partition 'aws' is not region cn-north-1's (aws-cn)")]
    [InlineData("arn:aws-cn:iot:us-east-1:123456789012:thing/x", "partition 'aws-cn' is not region us-east-1's (aws)")]
    [InlineData("arn:aws:iot:eusc-de-east-1:123456789012:thing/x", "(aws-eusc)")]
    [InlineData("arn:aws:iot:us-gov-west-1:123456789012:thing/x", "(aws-us-gov)")]
    [InlineData("arn:aws:iot:us-east-1:12345:thing/x", "12-digit")]
    [InlineData("arn:aws:iot:US-EAST-1:123456789012:thing/x", "region")]
    public void ShapedLikeAnArnButNamesNothing(string text, string expected)
    {
        Assert.False(IoTArn.TryParse(text, out _, out var problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void AFutureRegionKeepsTheArnsPartition()
    {
        Assert.True(IoTArn.TryParse("arn:aws-xy:iot:xy-north-1:123456789012:thing/t", out var arn, out _));
        Assert.Equal(("aws-xy", "xy-north-1"), (arn.Partition, arn.Region));
    }

    [Theory]
    [InlineData("us-east-1", "arn:aws:iot:us-east-1:123456789012:thing/t")]
    [InlineData("cn-north-1", "arn:aws-cn:iot:cn-north-1:123456789012:thing/t")]
    [InlineData("eusc-de-east-1", "arn:aws-eusc:iot:eusc-de-east-1:123456789012:thing/t")]
    [InlineData("us-isof-east-1", "arn:aws-iso-f:iot:us-isof-east-1:123456789012:thing/t")]
    public void FormatUsesTheRegionsPartition(string region, string expected) =>
        Assert.Equal(expected, IoTArn.Format(region, "123456789012", "thing", "t"));
}
