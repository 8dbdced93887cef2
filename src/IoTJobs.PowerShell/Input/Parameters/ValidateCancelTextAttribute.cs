using System.Text.RegularExpressions;

namespace IoTJobs.PowerShell.Input.Parameters
{
    /// <summary>Which CancelJob text a <see cref="ValidateCancelTextAttribute"/> checks.</summary>
    internal enum CancelTextKind { ReasonCode, Comment }

    /// <summary>
    /// -ReasonCode and -Comment against the service's limits (aws-iot-jobs-api.md §4), at binding time, so a bad value
    /// stops the command before any request with a message naming the value and the rule.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ValidateCancelTextAttribute : ValidateArgumentsAttribute
    {
        // The model's [\p{Upper}\p{Digit}_]+ (Java classes) as .NET categories, and [^\p{C}]+ for free text.
        private static readonly Regex ReasonCode = new Regex(@"^[\p{Lu}\p{Nd}_]{1,128}$", RegexOptions.CultureInvariant);
        private static readonly Regex Comment = new Regex(@"^[^\p{C}]{1,2028}$", RegexOptions.CultureInvariant);
        internal const string ReasonCodeRule = "1 to 128 characters from upper-case letters, digits and underscore (_), e.g. BAD_FIRMWARE";
        internal const string CommentRule = "1 to 2028 characters, none of them control or format characters (such as newline or tab)";

        private readonly CancelTextKind _kind;
        public ValidateCancelTextAttribute(CancelTextKind kind) => _kind = kind;

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = PSValue.Base(arguments);
            var (name, pattern, rule) = _kind == CancelTextKind.ReasonCode
                ? ("-ReasonCode", ReasonCode, ReasonCodeRule)
                : ("-Comment", Comment, CommentRule);
            if (value is not string s)
                throw new ValidationMetadataException($"{name} must be a string. It has {rule}.");
            if (pattern.IsMatch(s)) return;
            var shown = MessageText.Shorten(s, 60);
            shown = Regex.Replace(shown, @"\p{C}", m => "\\u" + ((int)m.Value[0]).ToString("x4"));
            throw new ValidationMetadataException(s.Length == 0
                ? $"{name} is empty. It has {rule}."
                : $"{name} '{shown}' ({s.Length} characters) is not valid. It has {rule}.");
        }
    }
}
