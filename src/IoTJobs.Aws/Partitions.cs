using System;
using System.Collections.Generic;
using System.Linq;

namespace IoTJobs.Aws
{
    /// <summary>
    /// botocore 1.43.11 data/partitions.json, in its order. A region belongs to the partition that lists it, else to the
    /// one whose regionRegex matches it, else (a region nobody knows yet) to none; endpoint rules then use aws, as
    /// botocore's aws.partition function does.
    /// </summary>
    public static class Partitions
    {
        public static readonly Partition Aws = new Partition("aws", "amazonaws.com", "api.aws", @"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
            "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
            "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
            "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1",
            "us-east-2", "us-west-1", "us-west-2");

        public static readonly IReadOnlyList<Partition> All = new[]
        {
            Aws,
            new Partition("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", @"^cn\-\w+\-\d+$", "cn-north-1", "cn-northwest-1"),
            new Partition("aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", @"^eusc\-(de)\-\w+\-\d+$", "eusc-de-east-1"),
            new Partition("aws-iso", "c2s.ic.gov", "api.aws.ic.gov", @"^us\-iso\-\w+\-\d+$", "us-iso-east-1", "us-iso-west-1"),
            new Partition("aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", @"^us\-isob\-\w+\-\d+$", "us-isob-east-1", "us-isob-west-1"),
            new Partition("aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", @"^eu\-isoe\-\w+\-\d+$", "eu-isoe-west-1"),
            new Partition("aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", @"^us\-isof\-\w+\-\d+$", "us-isof-east-1", "us-isof-south-1"),
            new Partition("aws-us-gov", "amazonaws.com", "api.aws", @"^us\-gov\-\w+\-\d+$", "us-gov-east-1", "us-gov-west-1"),
        };

        /// <summary>The partition with this id (aws, aws-cn, ...), or null.</summary>
        public static Partition? ById(string id) => All.FirstOrDefault(p => p.Id == id);

        /// <summary>
        /// The partition a region belongs to, or null for a well-formed region no partition claims yet. The specific
        /// patterns are tried before aws's: us-gov-west-1 and us-iso-east-1 also look like aws's "us-...".
        /// </summary>
        public static Partition? Of(string region)
        {
            if (region == null) throw new ArgumentNullException(nameof(region));
            foreach (var p in All) if (p.Regions.Contains(region)) return p;
            for (int i = All.Count - 1; i >= 0; i--) if (All[i].RegionRegex.IsMatch(region)) return All[i];
            return null;
        }

        /// <summary>The partition endpoints and ARNs use for a region: its own, or aws for one nobody knows yet.</summary>
        public static Partition For(string region) => Of(region) ?? Aws;
    }
}
