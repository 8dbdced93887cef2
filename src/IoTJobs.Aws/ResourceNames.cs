using System.Text.RegularExpressions;

namespace IoTJobs.Aws
{
    /// <summary>The service's rules for names and ids (botocore's iot model; aws-iot-jobs-api.md §4), anchored.</summary>
    public static class ResourceNames
    {
        public static readonly Regex ThingName = new Regex(@"^[a-zA-Z0-9:_-]{1,128}$", RegexOptions.CultureInvariant);
        public static readonly Regex JobId = new Regex(@"^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant);
        public static readonly Regex NamespaceId = new Regex(@"^[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant);
        public static readonly Regex GroupOrTypeName = new Regex(@"^[a-zA-Z0-9:_-]{1,128}$", RegexOptions.CultureInvariant);
        public static readonly Regex AttributeName = new Regex(@"^[a-zA-Z0-9_.,@/:#-]{1,128}$", RegexOptions.CultureInvariant);
        public static readonly Regex AttributeValue = new Regex(@"^[a-zA-Z0-9_.,@/:#=\[\]-]{0,800}$", RegexOptions.CultureInvariant);
        public static readonly Regex DetailsKey = new Regex(@"^[a-zA-Z0-9:_-]{1,128}$", RegexOptions.CultureInvariant);
        // Any character except the Unicode "other" categories (controls, format, unassigned, private use, surrogates).
        public static readonly Regex DetailsValue = new Regex(@"^[^\p{C}]{1,1024}$", RegexOptions.CultureInvariant);
        public static readonly Regex Account = new Regex(@"^[0-9]{12}$", RegexOptions.CultureInvariant);

        public const string ThingNameRule = "1 to 128 characters from a-z, A-Z, 0-9, colon (:), underscore (_) and hyphen (-)";
        public const string JobIdRule = "1 to 64 characters from a-z, A-Z, 0-9, underscore (_) and hyphen (-)";
        public const string GroupOrTypeNameRule = "1 to 128 characters from a-z, A-Z, 0-9, :, _ and -";
    }
}
