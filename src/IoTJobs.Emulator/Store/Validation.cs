using System.Text.RegularExpressions;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Store;

/// <summary>The service's input constraints (botocore's patterns and lengths), each throwing 400 InvalidRequestException.</summary>
internal static partial class Validation
{
    [GeneratedRegex("^[a-zA-Z0-9:_-]{1,128}$")] private static partial Regex ThingNameRx();
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")] private static partial Regex JobIdRx();
    [GeneratedRegex("^[a-zA-Z0-9:_-]{1,128}$")] private static partial Regex DetailsKeyRx();
    [GeneratedRegex("^[a-zA-Z0-9_-]+$")] private static partial Regex NamespaceRx();
    [GeneratedRegex(@"^[\p{Lu}\p{Nd}_]{1,128}$")] private static partial Regex ReasonCodeRx();
    [GeneratedRegex("^[a-zA-Z0-9_.,@/:#-]{1,128}$")] private static partial Regex AttrNameRx();
    [GeneratedRegex(@"^[a-zA-Z0-9_.,@/:#=\[\]-]{0,800}$")] private static partial Regex AttrValueRx();
    // [\p{Graph}\x20]* in the model: Java's \p{Graph} is the visible ASCII characters.
    [GeneratedRegex(@"^[\x21-\x7E ]{0,2028}$")] private static partial Regex GroupDescriptionRx();

    public static void ThingName(string name, string label = "thingName")
    {
        if (!ThingNameRx().IsMatch(name))
            throw EmulatorApiException.InvalidRequest(
                $"1 validation error detected: Value '{Trunc(name)}' at '{label}' failed to satisfy constraint: " +
                "Member must have length 1..128 and match pattern [a-zA-Z0-9:_-]+");
    }

    /// <summary>Thing group names have the thing name's rule.</summary>
    public static void ThingGroupName(string name, string label = "thingGroupName") => ThingName(name, label);

    public static void JobId(string id, string label = "jobId")
    {
        if (!JobIdRx().IsMatch(id))
            throw EmulatorApiException.InvalidRequest(
                $"1 validation error detected: Value '{Trunc(id)}' at '{label}' failed to satisfy constraint: " +
                "Member must have length 1..64 and match pattern [a-zA-Z0-9_-]+");
    }

    public static void Namespace(string ns)
    {
        if (!NamespaceRx().IsMatch(ns))
            throw EmulatorApiException.InvalidRequest($"Value '{Trunc(ns)}' at 'namespaceId' failed to satisfy constraint: Member must match pattern [a-zA-Z0-9_-]+");
    }

    public static void StatusDetails(IReadOnlyDictionary<string, string>? details)
    {
        if (details == null) return;
        if (details.Count > 10)
            throw EmulatorApiException.InvalidRequest($"statusDetails has {details.Count} entries; at most 10 are allowed.");
        foreach (var (k, v) in details)
        {
            if (!DetailsKeyRx().IsMatch(k))
                throw EmulatorApiException.InvalidRequest(
                    $"statusDetails key '{Trunc(k)}' is not valid: keys have length 1..128 and match [a-zA-Z0-9:_-]+.");
            if (string.IsNullOrEmpty(v) || v.Length > 1024 || HasControlChars(v))
                throw EmulatorApiException.InvalidRequest(
                    $"statusDetails value for '{k}' is not valid: values have length 1..1024 and no control or format characters.");
        }
    }

    public static void ReasonCode(string? reasonCode)
    {
        if (reasonCode != null && !ReasonCodeRx().IsMatch(reasonCode))
            throw EmulatorApiException.InvalidRequest(
                $"Value '{Trunc(reasonCode)}' at 'reasonCode' failed to satisfy constraint: Member must have length 1..128 and match pattern [\\p{{Upper}}\\p{{Digit}}_]+");
    }

    public static void FreeText(string? text, string label, int max)
    {
        if (text == null) return;
        if (text.Length == 0 || text.Length > max || HasControlChars(text))
            throw EmulatorApiException.InvalidRequest(
                $"Value at '{label}' failed to satisfy constraint: Member must have length 1..{max} and contain no control characters ([^\\p{{C}}]+)");
    }

    public static void GroupDescription(string? description)
    {
        if (description != null && !GroupDescriptionRx().IsMatch(description))
            throw EmulatorApiException.InvalidRequest(
                "Value at 'thingGroupProperties.thingGroupDescription' failed to satisfy constraint: Member must have length <= 2028 and match pattern [\\p{Graph}\\x20]*");
    }

    public static void AttributeName(string name)
    {
        if (!AttrNameRx().IsMatch(name))
            throw EmulatorApiException.InvalidRequest($"Value '{Trunc(name)}' at 'attributeName' failed to satisfy constraint: Member must have length <= 128 and match pattern [a-zA-Z0-9_.,@/:#-]+");
    }

    public static void AttributeValue(string value)
    {
        if (!AttrValueRx().IsMatch(value))
            throw EmulatorApiException.InvalidRequest($"Value '{Trunc(value)}' at 'attributeValue' failed to satisfy constraint: Member must have length <= 800 and match pattern [a-zA-Z0-9_.,@/:#=\\[\\]-]*");
    }

    /// <summary>An attribute payload: at most 50 entries, each name and value by the service's patterns.</summary>
    public static void Attributes(IReadOnlyDictionary<string, string>? attributes, string member)
    {
        if (attributes == null) return;
        if (attributes.Count > 50)
            throw EmulatorApiException.InvalidRequest($"{member} has more than 50 entries.");
        foreach (var (k, v) in attributes)
        {
            AttributeName(k);
            AttributeValue(v);
        }
    }

    public static void TimeoutMinutes(long? minutes, string label, bool allowMinusOne = false)
    {
        if (minutes == null || (allowMinusOne && minutes == -1)) return;
        if (minutes < 1 || minutes > 10080)
            throw EmulatorApiException.InvalidRequest(
                $"Value '{minutes}' at '{label}' failed to satisfy constraint: the timeout must be 1 to 10080 minutes (1 minute to 7 days){(allowMinusOne ? ", or -1 to cancel the current step timer" : "")}.");
    }

    public static void ExecutionStatus(string status)
    {
        if (!JobExecutionStatus.IsValid(status))
            throw EmulatorApiException.InvalidRequest($"status '{Trunc(status)}' is not valid. Valid values: {string.Join(", ", JobExecutionStatus.All)}.");
    }

    private static bool HasControlChars(string s)
    {
        foreach (var rune in s.EnumerateRunes())
        {
            var cat = System.Text.Rune.GetUnicodeCategory(rune);
            if (cat is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.PrivateUse
                or System.Globalization.UnicodeCategory.OtherNotAssigned)
                return true;
        }
        // EnumerateRunes maps lone surrogates to U+FFFD; treat those as invalid too.
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return true;
                i++;
            }
            else if (char.IsLowSurrogate(s[i])) return true;
        }
        return false;
    }

    /// <summary>A value quoted in an error message, cut at 140 characters.</summary>
    public static string Trunc(string s) => s.Length > 140 ? s[..140] + "..." : s;
}
