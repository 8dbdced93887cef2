using System.Globalization;

namespace IoTJobs.PowerShell.Input
{
    /// <summary>
    /// One piped item, read the same way whatever its shape: a string, one of the module's objects (live, or
    /// deserialized by Import-Clixml and Start-Job), a CSV row or JSON object, an AWS.Tools object, a hashtable (its keys
    /// read as properties, ignoring case as PowerShell's properties do). The resolver reads the item itself, never what
    /// PowerShell bound from it, so every cmdlet sees the same item.
    /// </summary>
    internal sealed class PipedItem
    {
        private readonly IDictionary? _dictionary;
        private readonly PSObject? _object;

        private PipedItem(object? raw)
        {
            Raw = raw;
            var value = PSValue.Base(raw);
            Text = value as string;
            if (value == null || Text != null) return;
            if (value is IDictionary dictionary) _dictionary = dictionary;
            else _object = PSObject.AsPSObject(raw);
        }

        /// <summary>The item as piped: the error records' TargetObject.</summary>
        public object? Raw { get; }

        /// <summary>A piped string (a name or an ARN); null for anything else.</summary>
        public string? Text { get; }

        public bool IsNull => Raw == null || (Raw is PSObject p && p.BaseObject == null);
        public bool IsDictionary => _dictionary != null;
        public bool IsObject => _object != null || _dictionary != null;

        /// <summary>The piped item without its PSObject wrapper, except for a custom object, whose properties live on the wrapper.</summary>
        public static object? Unwrap(object? item) =>
            item is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : item;

        public static PipedItem Of(object? item) => new PipedItem(Unwrap(item));

        /// <summary>
        /// Two keys of a case-sensitive dictionary (ConvertFrom-Json -AsHashtable) that differ only in case and hold
        /// different values, as "'expectedVersion' and 'ExpectedVersion'"; null when there are none. Properties are read
        /// ignoring case, so such an item does not say which it means.
        /// </summary>
        public string? CaseConflict
        {
            get
            {
                if (_dictionary == null) return null;
                var seen = new Dictionary<string, (string Key, string? Value)>(StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry entry in _dictionary)
                {
                    if (entry.Key is not string key) continue;
                    var text = AsText(Unwrap(entry.Value));
                    if (!seen.TryGetValue(key, out var first)) seen[key] = (key, text);
                    else if (!string.Equals(first.Value, text, StringComparison.Ordinal)) return $"'{first.Key}' and '{key}'";
                }
                return null;
            }
        }

        /// <summary>True when the item has the property (or key), even if its value is blank.</summary>
        public bool Has(string name) => TryGet(name, out _);

        /// <summary>The property's (or key's) value, PSObject unwrapped; false when there is no such property.</summary>
        public bool TryGet(string name, out object? value)
        {
            value = null;
            if (_dictionary != null)
            {
                foreach (DictionaryEntry entry in _dictionary)
                {
                    if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                    {
                        value = Unwrap(entry.Value);
                        return true;
                    }
                }
                return false;
            }
            if (_object == null) return false;
            var property = _object.Properties[name];
            if (property == null) return false;
            try
            {
                value = property.Value;
            }
            catch (GetValueException)
            {
                return false;
            }
            value = Unwrap(value);
            return true;
        }

        /// <summary>The property's value as text ($null and blank: null), invariant for numbers.</summary>
        public string? TextOf(string name) => TryGet(name, out var value) ? AsText(value) : null;

        public static string? AsText(object? value)
        {
            value = PSValue.Base(value);
            var text = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString();
            return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
        }

        /// <summary>The property names (or keys), for messages.</summary>
        public IEnumerable<string> PropertyNames =>
            _dictionary != null ? _dictionary.Keys.OfType<object>().Select(k => k.ToString() ?? "")
            : _object != null ? _object.Properties.Select(p => p.Name) : Enumerable.Empty<string>();

        /// <summary>Type names as PowerShell keeps them (Deserialized.IoTJobs..., CSV:..., the .NET type).</summary>
        public IEnumerable<string> TypeNames => _object?.TypeNames ?? (IEnumerable<string>)Array.Empty<string>();

        /// <summary>The module object kind ("Thing", "Job", "JobExecution", "ThingGroup"), live or deserialized; null for others.</summary>
        public string? ModuleKind
        {
            get
            {
                switch (_object?.BaseObject)
                {
                    case Thing _: return "Thing";
                    case Job _: return "Job";
                    case JobExecution _: return "JobExecution";
                    case ThingGroup _: return "ThingGroup";
                }
                foreach (var typeName in TypeNames)
                {
                    var name = typeName.StartsWith("Deserialized.", StringComparison.Ordinal) ? typeName.Substring("Deserialized.".Length) : typeName;
                    // IoTJobs.PowerShell.<Kind> is how 0.1.0 named them, in Clixml files written before the Output namespace.
                    foreach (var prefix in new[] { "IoTJobs.PowerShell.Output.", "IoTJobs.PowerShell." })
                        if (name.StartsWith(prefix, StringComparison.Ordinal) && name.IndexOf('.', prefix.Length) < 0) return name.Substring(prefix.Length);
                }
                return null;
            }
        }

        /// <summary>A thing group: the module's ThingGroup, live or deserialized, or any type named so.</summary>
        public bool IsThingGroup =>
            _object != null && (_object.BaseObject is ThingGroup || TypeNames.Any(t => t.EndsWith("ThingGroup", StringComparison.Ordinal)));

        /// <summary>An execution by its type: the module's JobExecution or AWS.Tools', live, deserialized or a CSV row of them.</summary>
        public bool IsJobExecutionType =>
            _object != null && (_object.BaseObject is JobExecution || TypeNames.Any(t => t.EndsWith("JobExecution", StringComparison.Ordinal)));

        /// <summary>How a message names the item: "the Thing 'gw-9'", "a hashtable", "the object @{Thing=..} (CSV:...)".</summary>
        public string Describe()
        {
            if (IsNull) return "$null";
            if (Text != null) return $"the string '{MessageText.Shorten(Text)}'";
            if (IsDictionary) return "a hashtable";
            var kind = ModuleKind;
            if (kind != null)
            {
                var name = kind switch
                {
                    "Thing" => TextOf("ThingName"),
                    "Job" => TextOf("JobId"),
                    "ThingGroup" => TextOf("ThingGroupName"),
                    _ => TextOf("ThingName") + "/" + TextOf("JobId"),
                };
                return $"the {kind} '{MessageText.Shorten(name ?? "")}'";
            }
            // A property bag's type name says nothing ("PSCustomObject", "Selected...."), unless it was kept (CSV:..., Deserialized....).
            var type = _object!.BaseObject is PSCustomObject ? _object.TypeNames.FirstOrDefault() : _object.BaseObject.GetType().FullName;
            var shownType = type == null || type == typeof(PSCustomObject).FullName || type.StartsWith("Selected.", StringComparison.Ordinal) ? "" : $" ({type})";
            return $"the object {MessageText.Shorten(_object.ToString())}{shownType}";
        }

        /// <summary>The property names for messages ("Thing, Job"), or "none".</summary>
        public string ShownPropertyNames()
        {
            var names = PropertyNames.Take(12).ToList();
            return names.Count == 0 ? "none" : string.Join(", ", names);
        }
    }
}
