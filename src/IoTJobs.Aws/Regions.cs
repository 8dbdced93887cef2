using System.Text.RegularExpressions;

namespace IoTJobs.Aws
{
    /// <summary>
    /// The one region rule of the module, its client and its emulator: a region is valid when a partition lists it or its
    /// regionRegex matches it, or when it is shaped like a region (area-direction-number, lower case), so that a region
    /// opened after this release works without one.
    /// </summary>
    public static class Regions
    {
        private static readonly Regex Shape = new Regex(@"^[a-z]{2,}(-[a-z]+)+-\d{1,3}$", RegexOptions.CultureInvariant);

        /// <summary>What a valid region looks like, for messages.</summary>
        public const string Rule =
            "an AWS region name such as us-east-1, eu-west-1, cn-north-1, us-gov-west-1 or eusc-de-east-1 (lower case: area-direction-number)";

        public static bool IsValid(string? region) =>
            !string.IsNullOrEmpty(region) && (Shape.IsMatch(region) || Partitions.Of(region!) != null);
    }
}
