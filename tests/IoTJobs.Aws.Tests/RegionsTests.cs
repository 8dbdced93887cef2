namespace IoTJobs.Aws.Tests;

public class RegionsTests
{
    public static IEnumerable<object[]> EveryListedRegion() =>
        Partitions.All.SelectMany(p => p.Regions.Select(r => new object[] { p.Id, r }));

    [Theory]
    [MemberData(nameof(EveryListedRegion))]
    public void EveryRegionOfEveryPartitionIsValidAndInItsPartition(string partition, string region)
    {
        Assert.True(Regions.IsValid(region));
        Assert.Equal(partition, Partitions.Of(region)!.Id);
    }

    [Theory]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    [InlineData("us-iso-east-1", "aws-iso")]
    [InlineData("us-isob-east-1", "aws-iso-b")]
    [InlineData("eu-isoe-west-1", "aws-iso-e")]
    [InlineData("us-isof-south-1", "aws-iso-f")]
    [InlineData("eusc-de-east-1", "aws-eusc")]
    [InlineData("cn-north-1", "aws-cn")]
    [InlineData("eu-central-3", "aws")]          // not listed yet: aws's regionRegex
    [InlineData("eusc-de-west-2", "aws-eusc")]   // not listed yet: aws-eusc's regionRegex
    public void ThePartitionOfARegionIsTheMostSpecificMatch(string region, string partition) =>
        Assert.Equal(partition, Partitions.Of(region)!.Id);

    [Theory]
    [InlineData("xy-north-1")]
    [InlineData("eusc-fr-south-1")]
    public void AWellFormedFutureRegionIsValidWithoutAPartition(string region)
    {
        Assert.True(Regions.IsValid(region));
        Assert.Null(Partitions.Of(region));
        Assert.Equal("aws", Partitions.For(region).Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("US-EAST-1")]
    [InlineData("us-east")]
    [InlineData("useast1")]
    [InlineData("us-east-1 ")]
    [InlineData("aws-global")]
    [InlineData("us_east_1")]
    public void NotARegion(string? region) => Assert.False(Regions.IsValid(region));
}
