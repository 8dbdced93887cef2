using System.Text.RegularExpressions;

namespace IoTJobs.PowerShell.Input.Parameters
{
    /// <summary>Which service rule a name parameter follows.</summary>
    internal enum IoTNameKind { ThingName, JobId, NamespaceId, ThingTypeName, ThingGroupName, AttributeName, AttributeValue }

    /// <summary>
    /// Checks names and ids against the service's own limits before any request, with a message that names the value
    /// and says what would be valid (ValidatePattern's message shows only a regular expression).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ValidateIoTNameAttribute : ValidateEnumeratedArgumentsAttribute
    {
        private readonly IoTNameKind _kind;

        public ValidateIoTNameAttribute(IoTNameKind kind) => _kind = kind;

        /// <summary>The same check for a value that did not arrive through parameter binding (e.g. a piped plain string).</summary>
        internal static void Check(IoTNameKind kind, string value) => new ValidateIoTNameAttribute(kind).ValidateElement(value);

        protected override void ValidateElement(object element)
        {
            var value = PSValue.Base(element);
            if (value is not string s)
            {
                throw new ValidationMetadataException($"A {Label} must be a string; got {value?.GetType().Name ?? "$null"}.");
            }
            var (pattern, rule) = Rule;
            // An ARN of this kind (kept whole at binding, see TargetResolver) is checked by the name inside it.
            if (!pattern.IsMatch(s) && ArnKind is string arnKind && IoTNames.NameFromArn(arnKind, s) is string inArn) s = inArn;
            if (!pattern.IsMatch(s))
            {
                var shown = MessageText.Shorten(s);
                throw new ValidationMetadataException(
                    s.Length == 0
                        ? $"The {Label} is empty. A {Label} has {rule}."
                        : $"'{shown}' is not a valid {Label} ({s.Length} characters). A {Label} has {rule}.");
            }
        }

        private string? ArnKind => _kind switch
        {
            IoTNameKind.ThingName => "thing",
            IoTNameKind.JobId => "job",
            IoTNameKind.ThingGroupName => "thinggroup",
            _ => null,
        };

        private string Label => _kind switch
        {
            IoTNameKind.ThingName => "thing name",
            IoTNameKind.JobId => "job id",
            IoTNameKind.NamespaceId => "namespace id",
            IoTNameKind.ThingTypeName => "thing type name",
            IoTNameKind.ThingGroupName => "thing group name",
            IoTNameKind.AttributeName => "attribute name",
            _ => "attribute value",
        };

        private (Regex, string) Rule => _kind switch
        {
            IoTNameKind.ThingName => (IoTNames.ThingName, IoTNames.ThingNameRule),
            IoTNameKind.JobId => (IoTNames.JobId, IoTNames.JobIdRule),
            IoTNameKind.NamespaceId => (IoTNames.NamespaceId, "1 or more characters from a-z, A-Z, 0-9, underscore (_) and hyphen (-)"),
            IoTNameKind.ThingTypeName => (IoTNames.GroupOrTypeName, "1 to 128 characters from a-z, A-Z, 0-9, :, _ and -"),
            IoTNameKind.ThingGroupName => (IoTNames.GroupOrTypeName, "1 to 128 characters from a-z, A-Z, 0-9, :, _ and -"),
            IoTNameKind.AttributeName => (IoTNames.AttributeName, "1 to 128 characters from a-z, A-Z, 0-9 and _ . , @ / : # -"),
            _ => (IoTNames.AttributeValue, "up to 800 characters from a-z, A-Z, 0-9 and _ . , @ / : # = [ ] -"),
        };
    }
}
