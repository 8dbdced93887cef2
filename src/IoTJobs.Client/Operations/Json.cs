using System.Globalization;
using System.Text.Json;

namespace IoTJobs.Client.Operations
{
    /// <summary>
    /// Lenient readers for the service's JSON: every member is optional, a member of the wrong type is treated as
    /// absent, and unknown members are ignored, so model growth on the service side never breaks the client.
    /// </summary>
    internal static class Json
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static bool TryGet(JsonElement obj, string name, out JsonElement value)
        {
            value = default;
            return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
        }

        public static string? Str(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v)) return null;
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
        }

        public static long? Long(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number)
            {
                if (v.TryGetInt64(out var l)) return l;
                if (v.TryGetDouble(out var d) && d >= long.MinValue && d <= long.MaxValue) return (long)d;
                return null;
            }
            if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)) return s;
            return null;
        }

        public static int? Int(JsonElement obj, string name)
        {
            var l = Long(obj, name);
            return l.HasValue && l.Value >= int.MinValue && l.Value <= int.MaxValue ? (int?)l.Value : null;
        }

        public static bool? Bool(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.True) return true;
            if (v.ValueKind == JsonValueKind.False) return false;
            if (v.ValueKind == JsonValueKind.String && bool.TryParse(v.GetString(), out var b)) return b;
            return null;
        }

        /// <summary>rest-json timestamps: epoch seconds as a (possibly fractional) number; ISO-8601 strings tolerated.</summary>
        public static DateTime? Time(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var seconds)) return FromEpochSeconds(seconds);
            if (v.ValueKind == JsonValueKind.String)
            {
                var s = v.GetString();
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return FromEpochSeconds(d);
                if (DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt))
                    return DateTime.SpecifyKind(dt, DateTimeKind.Utc);
            }
            return null;
        }

        public static DateTime? FromEpochSeconds(double seconds)
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds)) return null;
            // Round to whole microseconds: epoch seconds * 1e6 stays exact in a double, so 1560787023.636 gives .636000.
            double micros = Math.Round(seconds * 1_000_000d);
            double maxMicros = (DateTime.MaxValue - Epoch).Ticks / 10d, minMicros = (DateTime.MinValue - Epoch).Ticks / 10d;
            if (micros > maxMicros || micros < minMicros) return null;
            return Epoch.AddTicks((long)micros * 10);
        }

        public static IReadOnlyDictionary<string, string>? Map(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v) || v.ValueKind != JsonValueKind.Object) return null;
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in v.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Null) continue;
                map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
            return map;
        }

        public static IReadOnlyList<string>? StrList(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v) || v.ValueKind != JsonValueKind.Array) return null;
            var list = new List<string>();
            foreach (var e in v.EnumerateArray())
                if (e.ValueKind == JsonValueKind.String) list.Add(e.GetString()!);
            return list;
        }

        public static IEnumerable<JsonElement> Objects(JsonElement obj, string name)
        {
            if (!TryGet(obj, name, out var v) || v.ValueKind != JsonValueKind.Array) yield break;
            foreach (var e in v.EnumerateArray())
                if (e.ValueKind == JsonValueKind.Object) yield return e;
        }

        public static JsonElement Obj(JsonElement obj, string name) =>
            TryGet(obj, name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
    }
}
